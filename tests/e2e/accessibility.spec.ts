// Accessibility, verified (issue 10 part 4; ADR 036): axe-core with the WCAG 2.2 A and AA rules on
// every page of the app, for every role and in every language, with every <details> form open and
// in the states that show validation errors. Zero violations. One browser context per role (its
// session made once), reused for the three languages.
import { readdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page, Response } from "@playwright/test";
import { DEMO, demoComplainantCases, expect, openAllDetails, ownerQuery, signInComplainantByLink, signInStaff, test } from "./fixtures";
import { E2E_INBOUND_SECRET, postInboundMail } from "../support/mail-fixtures";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const ROLES = ["anonymous", "complainant", "liaison", "officer"] as const;
const LANGUAGES = ["en", "de", "fr"] as const;
type Role = (typeof ROLES)[number];

/** An id nothing has: the same in every language, so a page reached with it is one page. */
const NO_SUCH = randomUUID();

/** Cases and items the pages are shown with, found once in the seeded demo data. */
interface Refs {
  /** The demo complainant's cases (an answered one, a new one at Northwind, a closed one). */
  cases: string[];
  intakeId: string;
}

/**
 * A state of a page worth checking beyond its first view: after `act`, which returns false when
 * the page offers this visitor nothing to do (a form only some roles get).
 */
interface State {
  name: string;
  roles?: Role[];
  act: (page: Page) => Promise<boolean>;
}
interface PageEntry {
  paths: (refs: Refs) => string[];
  states?: (refs: Refs) => Array<State & { path: string }>;
}

/** Sends the form holding `selector` with nothing filled in (the browser's own checks off), and waits for the errors. */
function submitEmpty(formSelector: string, fill?: (page: Page) => Promise<void>): (page: Page) => Promise<boolean> {
  return async (page) => {
    const form = page.locator(`main form:has(${formSelector})`).first();
    if ((await form.count()) === 0) return false;
    await form.evaluate((f) => ((f as HTMLFormElement).noValidate = true));
    await openAllDetails(page);
    if (fill) await fill(page);
    await form.locator('button[type="submit"]').last().click();
    await expect(page.locator('[aria-invalid="true"], .form-error, p.error').first()).toBeVisible();
    return true;
  };
}

/**
 * Every page of the app, by route file (app/routes): where to see it and in which states. The
 * first test below fails when a page route is missing here.
 */
const PAGES: Record<string, PageEntry | { none: string }> = {
  "_index.tsx": { paths: () => ["/"] },
  "account.notifications.tsx": { paths: () => ["/account/notifications"] },
  "account.security.tsx": { paths: () => ["/account/security"] },
  "account.sessions.tsx": { paths: () => ["/account/sessions"] },
  "admin._index.tsx": { paths: () => ["/admin"] },
  "admin.access.tsx": { paths: () => ["/admin/access"] },
  "admin.clients.tsx": { paths: () => ["/admin/clients"] },
  "admin.users.tsx": {
    paths: () => ["/admin/users"],
    states: () => [{ name: "an invitation without name or address", path: "/admin/users", roles: ["officer"], act: submitEmpty('input[name="intent"][value="invite"]') }],
  },
  "audit.tsx": { paths: () => ["/audit"] },
  "audit_.reveals.tsx": { paths: () => ["/audit/reveals", "/audit/reveals?after=walk"] },
  "auth.link.tsx": { paths: () => [`/auth/link?token=${NO_SUCH}`] },
  "cases.$reference.tsx": {
    // ?assign: with the assignment form's lists of every client and liaison (officer only).
    paths: (refs) => [...refs.cases.map((r) => `/cases/${r}`), `/cases/${refs.cases[0]}?assign`],
    states: (refs) => [
      { name: "closing without a reason", path: `/cases/${refs.cases[0]}`, roles: ["officer"], act: submitEmpty('input[name="intent"][value="close"]') },
      { name: "a message without text", path: `/cases/${refs.cases[1] ?? refs.cases[0]}`, roles: ["liaison", "officer"], act: submitEmpty('input[name="intent"][value="post_message"]') },
    ],
  },
  "cases._index.tsx": { paths: () => ["/cases", "/cases?status=all&sort=opened&dir=desc"] },
  "cases.new.tsx": {
    paths: () => ["/cases/new"],
    states: () => [{ name: "nothing filled in", path: "/cases/new", roles: ["officer"], act: submitEmpty('input[name="submissionKey"]') }],
  },
  "complain.tsx": {
    paths: () => ["/complain"],
    states: () => [{ name: "nothing filled in", path: "/complain", act: submitEmpty('[name="description"]') }],
  },
  "complain_.confirm.tsx": { paths: () => [`/complain/confirm?token=${"w".repeat(40)}`] },
  "complain_.received.$reference.tsx": { paths: (refs) => [`/complain/received/${refs.cases[0]}`] },
  "dev.mailbox.$id.tsx": { paths: () => [`/dev/mailbox/${NO_SUCH}`] },
  "dev.mailbox._index.tsx": { paths: () => ["/dev/mailbox"] },
  "held-filings.tsx": { paths: () => ["/held-filings"] },
  "intake.$id.tsx": { paths: (refs) => [`/intake/${refs.intakeId}`] },
  "intake._index.tsx": { paths: () => ["/intake"] },
  "invite.$token.tsx": { paths: () => [`/invite/${"w".repeat(40)}`] },
  // The language switch's target: each language's pages are checked through the cookie it sets.
  "language.tsx": { none: "POST only: sets the language cookie and redirects back" },
  "login.tsx": {
    paths: () => ["/login"],
    states: () => [
      {
        name: "a wrong password",
        path: "/login",
        roles: ["anonymous"],
        act: submitEmpty('input[name="password"]', async (page) => {
          await page.locator('input[name="email"]').fill("nobody@example.org");
          await page.locator('input[name="password"]').fill("not the password");
        }),
      },
    ],
  },
  "login_.verify.tsx": {
    paths: () => ["/login/verify"],
    states: () => [
      {
        // The second step, reached with a correct password (an account no other role here uses), and a wrong code.
        name: "the code step, and a wrong code",
        path: "/login",
        roles: ["anonymous"],
        act: async (page) => {
          await page.locator('input[name="email"]').fill(DEMO.bluebirdLiaison);
          await page.locator('input[name="password"]').fill(DEMO.password);
          await page.locator('main form button[type="submit"]').last().click();
          await page.waitForURL((url) => url.pathname === "/login/verify");
          return submitEmpty('input[name="code"]', async (p) => p.locator('input[name="code"]').fill("000000"))(page);
        },
      },
    ],
  },
  "logout.tsx": { none: "POST only: signs out and redirects, no page of its own" },
  "mail.deliveries.tsx": { paths: () => ["/mail/deliveries"] },
  "mail.inbound.tsx": { paths: () => ["/mail/inbound"] },
  "mail.templates.$name.tsx": { paths: () => ["/mail/templates/sign_in_link", "/mail/templates/answer_given"] },
  "mail.templates._index.tsx": { paths: () => ["/mail/templates"] },
  "my._index.tsx": { paths: () => ["/my"] },
  "my.cases.$reference.tsx": {
    paths: (refs) => refs.cases.map((r) => `/my/cases/${r}`),
    states: (refs) => [{ name: "a message without text", path: `/my/cases/${refs.cases[0]}`, roles: ["complainant"], act: submitEmpty('input[name="intent"][value="post_message"]') }],
  },
  "my.export.tsx": {
    paths: () => ["/my/export"],
    // The erasure request without its confirmation is refused: nothing is erased.
    states: () => [{ name: "erasure not confirmed", path: "/my/export", roles: ["complainant"], act: submitEmpty('input[name="intent"][value="erase"]') }],
  },
  "my.export[.]html.tsx": { paths: () => ["/my/export.html"] },
  "reports._index.tsx": { paths: () => ["/reports", "/reports?from=2026-13"] },
  "reports.annual.tsx": { paths: () => ["/reports/annual"] },
  "retention._index.tsx": { paths: () => ["/retention"] },
  "settings.clocks.tsx": { paths: () => ["/settings/clocks"] },
  "settings.retention.tsx": { paths: () => ["/settings/retention"] },
  "signin.tsx": {
    paths: () => ["/signin"],
    states: () => [{ name: "no address", path: "/signin", roles: ["anonymous"], act: submitEmpty('input[name="email"]') }],
  },
};

test("the list above names every page route in app/routes", () => {
  // Resource routes (.ts: downloads, webhooks, health) render no page; every .tsx does or redirects.
  const pages = readdirSync("app/routes").filter((f) => f.endsWith(".tsx")).sort();
  expect(Object.keys(PAGES).sort()).toEqual(pages);
});

/** axe's findings on the page as it is now, one line per violation and element. */
async function violations(page: Page): Promise<string[]> {
  // Legacy mode runs axe in the page itself: the default opens a blank page per check to gather
  // results across frames, which doubled the time of every check here. The one frame in the app
  // is the mail preview's sandboxed copy of a mail (not a page): legacy mode leaves it out.
  // Only violations are read, so axe builds no details for the passes.
  const result = await new AxeBuilder({ page }).setLegacyMode(true).withTags(WCAG_TAGS).options({ resultTypes: ["violations"] }).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(" ")}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, " ").slice(0, 240)})` : ""}`),
  );
}

/** The pages' references: read once from the seeded demo data, as the database owner. */
async function findRefs(baseURL: string): Promise<Refs> {
  // A mail that matches no case, so the intake has an item to show.
  const mail = [
    "From: Lena Fischer <lena.fischer@example.de>",
    "To: privacy@customerportfolios.example",
    "Subject: Frage zu meinen Daten",
    `Message-ID: <${randomUUID()}@example.de>`,
    "Date: Sun, 29 Nov 2026 08:00:00 +0000",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Welche Daten speichern Sie über mich?",
  ].join("\r\n");
  const posted = await postInboundMail(baseURL, mail, { secret: E2E_INBOUND_SECRET });
  expect(posted.status, await posted.text()).toBeLessThan(300);

  const cases = await demoComplainantCases(3);
  const intake = await ownerQuery<{ id: string }>("select id from intake_items order by received_at desc limit 1");
  expect(cases.length, "the demo complainant's seeded cases").toBeGreaterThan(0);
  expect(intake.length, "an intake item").toBe(1);
  return { cases, intakeId: intake[0]!.id };
}

let refsOnce: Promise<Refs> | undefined;

for (const role of ROLES) {
  test.describe(`as ${role === "anonymous" ? "an anonymous visitor" : `the ${role}`}`, () => {
    test.describe.configure({ mode: "serial" });
    let context: BrowserContext;
    let page: Page;
    let refs: Refs;
    /** Pages checked for this role so far, over the three languages (see `key` below). */
    const seen = new Set<string>();

    test.beforeAll(async ({ browser, baseURL }) => {
      refs = await (refsOnce ??= findRefs(baseURL!));
      context = await browser.newContext({ baseURL });
      page = await context.newPage();
      if (role === "complainant") await signInComplainantByLink(page, DEMO.complainant);
      if (role === "liaison") await signInStaff(page, DEMO.northwindLiaison, DEMO.password);
      if (role === "officer") await signInStaff(page, DEMO.officer, DEMO.password);
    });
    test.afterAll(async () => {
      await context?.close();
    });

    for (const language of LANGUAGES) {
      test(`every page in ${language}: no WCAG 2.2 A/AA violations`, async ({ baseURL }) => {
        // The officer's ~40 pages take minutes on a loaded 2-core machine (axe runs in the page).
        test.setTimeout(role === "officer" ? 900_000 : 300_000);
        await context.addCookies([{ name: "recourse_lang", value: language, url: baseURL! }]);
        const found: string[] = [];
        /** Distinct pages reached in this language, checked now or already in another. */
        const reached = new Set<string>();
        let checked = 0;

        const check = async (label: string, response?: Response | null) => {
          // A resource route's plain-text answer (a refused download, a 404 outside the app) is no page.
          if (response && !(response.headers()["content-type"] ?? "").includes("text/html")) return;
          await openAllDetails(page);
          // One check per distinct page: every refused visit lands on the same sign-in or error page.
          const heading = ((await page.locator("h1").first().textContent({ timeout: 5_000 }).catch(() => "")) ?? "").trim();
          const { pathname, search } = new URL(page.url());
          // With the query: "/cases?status=all" and "/cases/X?assign" are other states of their page.
          const path = pathname + search;
          const status = response?.status() ?? 200;
          const refused = !label.startsWith("state") && (status >= 400 || ((pathname === "/login" || pathname === "/signin") && !label.includes(` ${pathname} `)));
          // The page's own language is part of the key: staff pages stay English whatever the cookie
          // says, so in German and French they are visited, found English, and not checked twice.
          const lang = await page.locator("html").getAttribute("lang");
          const key = `${lang} ${refused ? `refused ${status} ${heading}` : `${path} ${heading} ${label.startsWith("state") ? label : ""}`}`;
          reached.add(key);
          if (seen.has(key)) return;
          seen.add(key);
          checked++;
          for (const v of await violations(page)) found.push(`${label} -> ${path}: ${v}`);
        };

        for (const [file, entry] of Object.entries(PAGES)) {
          if ("none" in entry) continue;
          for (const path of entry.paths(refs)) {
            const response = await page.goto(path);
            expect(response?.status() ?? 0, `${file} ${path} as ${role}`).toBeLessThan(500);
            await check(`${file} ${path} `, response);
          }
          for (const state of entry.states?.(refs) ?? []) {
            if (state.roles && !state.roles.includes(role)) continue;
            await page.goto(state.path);
            if (await state.act(page)) await check(`state "${state.name}" of ${file}`);
          }
        }
        console.log(`[axe] ${role}, ${language}: ${reached.size} distinct pages and states, ${checked} checked now (the rest in an earlier language), ${found.length} violations`);
        expect(found, found.join("\n")).toEqual([]);
        // The visits reached the pages this role has, not only sign-in and error pages.
        expect(reached.size).toBeGreaterThan({ officer: 25, complainant: 15, liaison: 12, anonymous: 8 }[role]);
      });
    }
  });
}
