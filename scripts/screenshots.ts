/**
 * Screenshots of the main screens at 1280 and 360 px into docs/screens/ (ADR 036). Run by hand
 * after a visible change, not in CI: `npm run build && npx tsx scripts/screenshots.ts`.
 *
 * It starts what the e2e tests start (tests/e2e/global-setup.ts: a fresh database seeded with the
 * demo data, an SMTP server, the production build), signs in the way the e2e tests do, and saves
 * one full-page PNG per screen and width. Set SCREENS_LANG=de|fr for another language (the files
 * then get the suffix -de / -fr).
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { chromium, type Browser, type Page } from "@playwright/test";
import { chromiumLaunchOptions } from "../tests/support/browser";
import { freePort } from "../tests/support/ports";

const OUT = path.resolve("docs/screens");
const WIDTHS = [1280, 360] as const;
const LANG = process.env.SCREENS_LANG ?? "en";

process.env.E2E_PORT ??= String(await freePort());
const { default: globalSetup } = await import("../tests/e2e/global-setup");
const { DEMO, mailSent, signInComplainantByLink, signInStaff } = await import("../tests/e2e/fixtures");

const teardown = await globalSetup();
let browser: Browser | undefined;
try {
  const baseURL = process.env.E2E_BASE_URL!;
  browser = await chromium.launch(chromiumLaunchOptions);
  await mkdir(OUT, { recursive: true });
  const references = await demoReferences();

  const shoot = async (page: Page, name: string, url: string) => {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
      await page.goto(url);
      await page.waitForLoadState("networkidle");
      const file = path.join(OUT, `${name}-${width}${LANG === "en" ? "" : `-${LANG}`}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`saved ${path.relative(process.cwd(), file)}`);
    }
  };
  const newPage = async () => {
    const context = await browser!.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: "recourse_lang", value: LANG, url: baseURL }]);
    return context.newPage();
  };

  const visitor = await newPage();
  await shoot(visitor, "public-form", "/complain");

  const complainant = await newPage();
  // The demo data's own mail to her goes out after start-up: once it is out, the next mail is the link.
  await mailSent({ to: DEMO.complainant }, 120_000);
  await signInComplainantByLink(complainant, DEMO.complainant);
  if (!new URL(complainant.url()).pathname.startsWith("/my")) {
    throw new Error(`signing the demo complainant in ended on ${complainant.url()}: ${(await complainant.locator("main").innerText()).slice(0, 300)}`);
  }
  await shoot(complainant, "complainant-case", `/my/cases/${references.answered}`);

  const officer = await newPage();
  await signInStaff(officer, DEMO.officer, DEMO.password);
  await shoot(officer, "officer-queue", "/cases");
  await shoot(officer, "staff-case", `/cases/${references.answered}`);
  await shoot(officer, "reports", "/reports");
} finally {
  await browser?.close();
  await teardown();
}

/** References of the seeded demo cases the screens show (read as the database owner). */
async function demoReferences(): Promise<{ answered: string }> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ reference: string }>(
      `select c.reference from cases c join users u on u.id = c.complainant_id
        where lower(u.email) = lower($1) and c.status = 'answered' order by c.opened_at limit 1`,
      [DEMO.complainant],
    );
    if (!rows[0]) throw new Error("no answered demo case of the demo complainant: is SEED_DEMO on?");
    return { answered: rows[0].reference };
  } finally {
    await client.end();
  }
}
