import pg from "pg";
import { test as base, expect, type Browser, type Locator, type Page } from "@playwright/test";
import { extractLink, readMailFolder, waitForMail, type StoredMail } from "../support/mailbox";
import { closeStaffSessions, startStaffSession } from "../support/staff-session";
import { CODE_TRIES, DEMO_TOTP_SECRET, codeFor, msUntilNextStep } from "../support/totp";
import { translatorFor, type Locale, type MessageKey, type MessageValues } from "../../app/i18n";

export { expect };

/** Demo accounts seeded by the server (SEED_DEMO=1). */
export const DEMO = {
  password: "recourse-demo",
  /** Every demo staff account is enrolled with this TOTP secret (base32). */
  totpSecret: DEMO_TOTP_SECRET,
  officer: "officer@customerportfolios.example",
  northwindLiaison: "liaison@northwind.example",
  bluebirdLiaison: "liaison@bluebird.example",
  /** A seeded complainant (signs in by e-mailed link only). */
  complainant: "maria.keller@example.eu",
} as const;

/**
 * A text the complainant reads, in `lang`, from the app's own catalogs (dates in the demo
 * operator's zone), so one spec can walk the pages in English, German and French.
 */
export function say(lang: Locale, key: MessageKey, values?: MessageValues): string {
  return translatorFor(lang, "America/New_York")(key, values);
}

/** Where the test SMTP server writes received mail (set by global-setup.ts). */
export function mailDir(): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error("E2E_MAIL_DIR is not set: run the e2e tests through `playwright test` (global-setup.ts)");
  return dir;
}

/**
 * Signs a staff member in without the form (ADR 022): the app's own session code starts the
 * session, as /login/verify does after a correct code, and the browser gets its cookie; then the
 * page opens /cases, where the form would have led. The password is checked; the TOTP secret is
 * not needed (the account must have one enrolled). Specs about signing in itself use
 * signInStaffThroughForm.
 */
export async function signInStaff(page: Page, email: string, password: string, _totpSecret?: string): Promise<void> {
  // No waiting for a code any more, but on a loaded shared machine the password check and (once per
  // worker) loading the app's modules take seconds: 15 s more for the test, where the form gave 70.
  try {
    base.info().setTimeout(base.info().timeout + 15_000);
  } catch {
    /* outside a test: no timeout to extend */
  }
  const userAgent = await page.evaluate(() => navigator.userAgent);
  const cookie = await startStaffSession(email, password, userAgent);
  await page.context().addCookies([{ ...cookie, domain: new URL(baseUrl()).hostname }]);
  await page.goto("/cases");
  await page.waitForURL((url) => url.pathname === "/cases");
}

function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set: run the e2e tests through `playwright test`");
  return url;
}

/**
 * Signs a staff member in on /login: e-mail and password, then (on /login/verify) the current
 * code computed from their TOTP secret (the demo accounts' secret unless another is given).
 * Slow when one account signs in twice within 30 seconds (a code is accepted once): only for the
 * specs that test the form itself.
 */
export async function signInStaffThroughForm(page: Page, email: string, password: string, totpSecret: string = DEMO.totpSecret): Promise<void> {
  // Waiting for an unused code can take up to a minute when one account signs in several times
  // within 30 seconds: give the test that time on top of its own.
  try {
    base.info().setTimeout(base.info().timeout + 70_000);
  } catch {
    /* outside a test: no timeout to extend */
  }
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/login/verify");
  await enterSecondFactor(page, totpSecret);
}

/** On /login/verify: enters codes until one is accepted (see tests/support/totp.ts), then waits to leave. */
export async function enterSecondFactor(page: Page, totpSecret: string): Promise<void> {
  for (let attempt = 0; attempt < CODE_TRIES; attempt++) {
    if (attempt >= 2) await page.waitForTimeout(msUntilNextStep());
    await page.getByLabel(/code/i).fill(codeFor(totpSecret, attempt));
    const answered = page.waitForResponse(
      (r) => r.request().method() === "POST" && ["/login/verify", "/login/verify.data"].includes(new URL(r.url()).pathname),
    );
    await page.getByRole("button", { name: /sign in/i }).click();
    const response = await answered;
    if (response.status() !== 400) {
      await page.waitForURL((url) => !url.pathname.startsWith("/login"));
      return;
    }
  }
  throw new Error("no TOTP code was accepted on /login/verify");
}

/**
 * Signs a complainant in the only way they can: asks for a link on /signin, opens the link
 * from the mail, and confirms with "Continue".
 */
export async function signInComplainantByLink(page: Page, email: string): Promise<void> {
  await page.goto("/signin");
  const asked = new Date();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send me a sign-in link" }).click();
  // This mail, not another one of the same person's that the worker sends at this moment (the demo
  // seed's acknowledgements carry links that expired long ago).
  const mail = await waitForMail(mailDir(), { to: email, subjectIncludes: "Privacy Inquiry: your sign-in link", after: asked });
  await page.goto(extractLink(mail, "/auth/link"));
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/auth/link"));
  // Signed in: not sent back to ask for a link.
  expect(new URL(page.url()).pathname).not.toBe("/signin");
}

/** An address nobody else in this run uses, so mail and cases can be told apart. */
export function uniqueEmail(label: string): string {
  return `${label}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}@example.eu`;
}

export interface ComplaintDetails {
  /** As shown in the organization list, e.g. "Northwind Outfitters". */
  organization: string;
  name: string;
  email: string;
  /** As shown in "What is it about?". */
  category?: string;
  country?: string;
  description?: string;
  desiredOutcome?: string;
  earlierContact?: string;
}

/**
 * The public form's company choice (issue 10): "I don't know / another company", the operator
 * itself ("… itself"), or a client found through the search field (works with and without JavaScript).
 */
export async function chooseCompany(page: Page, organization: string, lang: Locale = "en"): Promise<void> {
  if (organization === say(lang, "complain.org.unknown") || / itself$/.test(organization)) {
    await page.getByRole("radio", { name: organization }).check();
    return;
  }
  await page.getByLabel(say(lang, "complain.org.search")).fill(organization);
  await page.getByRole("button", { name: say(lang, "complain.org.find") }).click();
  await page.getByRole("radio", { name: organization, exact: true }).check();
}

/** Fills in the public complaint form on the current page (/complain must be open), in the page's language. */
export async function fillComplaintForm(page: Page, details: ComplaintDetails, lang: Locale = "en"): Promise<void> {
  await chooseCompany(page, details.organization, lang);
  await page.getByLabel(say(lang, "complain.category.label")).selectOption({ label: details.category ?? say(lang, "complain.category.request_removal") });
  await page.getByLabel(say(lang, "complain.description.label")).fill(details.description ?? "I keep receiving catalogues although I asked to be removed in March.");
  await page.getByLabel(say(lang, "complain.outcome.label")).fill(details.desiredOutcome ?? "Delete my data and confirm it in writing.");
  if (details.earlierContact) await page.getByLabel(say(lang, "complain.earlier.label")).fill(details.earlierContact);
  await page.getByLabel(say(lang, "complain.country.label")).selectOption({ label: details.country ?? say(lang, "countries.DE") });
  await page.getByLabel(say(lang, "complain.name.label")).fill(details.name);
  await page.getByLabel(say(lang, "complain.email.label")).fill(details.email);
}

/** Files a complaint through the public form and returns its reference (from the "received" page). */
export async function fileComplaintThroughForm(page: Page, details: ComplaintDetails, lang: Locale = "en"): Promise<string> {
  await page.goto("/complain");
  await fillComplaintForm(page, details, lang);
  // With JavaScript the form posts to /complain.data (single fetch); without, to /complain.
  const posted = page.waitForResponse(
    (r) => r.request().method() === "POST" && ["/complain", "/complain.data"].includes(new URL(r.url()).pathname),
  );
  await page.getByRole("button", { name: say(lang, "complain.send") }).click();
  const response = await posted;
  if (response.status() >= 400) {
    throw new Error(`Sending the complaint form was answered ${response.status()}: ${(await response.text()).slice(0, 300)}`);
  }
  await page.waitForURL(/\/complain\/received\/PS-\d{4}-\d{6}$/);
  const reference = new URL(page.url()).pathname.split("/").at(-1)!;
  await expect(page.locator("main strong").getByText(reference, { exact: true })).toBeVisible();
  return reference;
}

/** The acknowledgement of a newly filed complaint, which carries the first sign-in link. */
export async function acknowledgementMail(email: string, reference: string, lang: Locale = "en"): Promise<StoredMail> {
  // Every mail of a case has the subject "Privacy Inquiry [REFERENCE]" in every language; the acknowledgement is told apart by its words.
  return waitForMail(mailDir(), { to: email, subjectIncludes: `Privacy Inquiry [${reference}]`, textIncludes: say(lang, "mail.case.acknowledgement.heading") });
}

/** Opens the sign-in link of a mail and confirms with "Continue"; lands where the link leads. */
export async function signInWithMailedLink(page: Page, mail: StoredMail, lang: Locale = "en"): Promise<void> {
  await page.goto(extractLink(mail, "/auth/link"));
  await page.getByRole("button", { name: say(lang, "signinlink.continue") }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/auth/link"));
}

/** Every message received so far for `to` (case-insensitive). */
export async function mailsTo(to: string): Promise<StoredMail[]> {
  return (await readMailFolder(mailDir())).filter((mail) => mail.to.some((t) => t.toLowerCase() === to.toLowerCase()));
}

/**
 * Waits until no mail of a case (by reference) or to an address is still queued: everything the
 * app has queued so far has reached the test SMTP server, which writes the file before it accepts
 * the message. For "and nothing more arrives" checks, instead of a fixed pause. Reads as the
 * database owner (E2E_DATABASE_URL).
 */
export async function mailSent(of: { reference: string } | { to: string }, timeoutMs = 30_000): Promise<void> {
  const [condition, value] =
    "reference" in of ? ["d.case_id = (select id from cases where reference = $1)", of.reference] : ["lower(d.recipient) = lower($1)", of.to];
  const queued = async () => Number((await ownerQuery<{ n: string }>(`select count(*) as n from mail_deliveries d where ${condition} and d.status = 'queued'`, [value]))[0]!.n);
  await expect.poll(queued, { message: `mail still queued for ${value}`, timeout: timeoutMs, intervals: [100, 200, 500] }).toBe(0);
}

/**
 * Waits until the public form's submission has become its case: the background job opens it after
 * the "received" page (ADR 020), later on a busy machine. A test that changes the case's rows
 * directly must wait, or its change meets no row.
 */
export async function caseOpened(reference: string, timeoutMs = 60_000): Promise<void> {
  const opened = async () => (await ownerQuery(`select 1 from cases c join case_deadlines d on d.case_id = c.id where c.reference = $1 limit 1`, [reference])).length;
  await expect.poll(opened, { message: `case ${reference} opened from the form`, timeout: timeoutMs, intervals: [100, 250, 500] }).toBe(1);
}

/** The rows of one query on the e2e database, as its owner (E2E_DATABASE_URL), on a connection of its own. */
export async function ownerQuery<T extends object>(text: string, params: unknown[] = []): Promise<T[]> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run the e2e tests through `playwright test` (global-setup.ts)");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** References of the demo complainant's seeded cases, answered ones first, then oldest first. */
export async function demoComplainantCases(limit: number): Promise<string[]> {
  const rows = await ownerQuery<{ reference: string }>(
    `select c.reference from cases c join users u on u.id = c.complainant_id where lower(u.email) = lower($1)
      order by (c.status = 'answered') desc, c.opened_at limit $2`,
    [DEMO.complainant, limit],
  );
  return rows.map((r) => r.reference);
}

/** Opens every collapsed <details> on the page, so what they hold is checked too. */
export async function openAllDetails(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
}

/** The case version the page's action forms carry (every form on a case page carries the same one). */
export async function caseVersion(page: Page): Promise<number> {
  return Number(await page.locator('input[type="hidden"][name="version"]').first().inputValue());
}

/** A pattern matching exactly this text (ignoring surrounding white space). */
export function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
}

/** A `<details>` section of a case page, by the text of its summary. */
export function section(page: Page, summary: string): Locator {
  // The <details> whose own summary says it, not one that only holds it ("Other actions" holds several).
  return page.locator("summary").filter({ hasText: exactly(summary) }).locator("xpath=..");
}

/** Opens a collapsed `<details>` section of a case page by its summary; returns the section. */
export async function openSection(page: Page, summary: string): Promise<Locator> {
  const details = section(page, summary);
  // A section behind "Other actions" is opened as a person would: the outer summary first.
  for (const outer of await details.locator("xpath=ancestor::details[not(@open)]/summary").all()) await outer.click();
  if ((await details.getAttribute("open")) === null) await details.locator("xpath=./summary").click();
  await expect(details).toHaveAttribute("open", "");
  return details;
}

/**
 * The control of the `.field` in `scope` whose own label reads `label`. Unlike getByLabel this does
 * not go through the label's `for`/`id`, so it finds the right control even where a page repeats
 * an id (see the label test in case-pages.spec.ts).
 */
export function fieldIn(scope: Locator, label: string): Locator {
  return scope
    .locator(".field")
    .filter({ has: scope.page().locator("label", { hasText: exactly(label) }) })
    .locator("input, textarea, select");
}

/**
 * Time limits for specs where several people sign in and act one after the other on a shared
 * 2-core machine: each click and page load may take up to 15 s (test.use(PATIENT)).
 */
export const PATIENT = { actionTimeout: 15_000, navigationTimeout: 15_000 } as const;

/** A whole test in such a spec: 2 minutes (test.setTimeout(SEVERAL_PEOPLE_MS)). */
export const SEVERAL_PEOPLE_MS = 120_000;

/** A page in a browser context of its own (own cookies): one per person taking part. */
export async function newParty(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  return context.newPage();
}

/** Presses a case page's button and waits for the notice that says it was done. */
export async function act(page: Page, button: string, done: string): Promise<void> {
  await page.getByRole("button", { name: button, exact: true }).click();
  await expect(notice(page)).toHaveText(done);
}

/** Today in the operator's zone (the demo's New York), as a date field takes it. */
export function operatorToday(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" }).format(now);
}

/**
 * Fills the day, the outside reference and the confirmation of a step recorded from outside
 * (ADR 035) in an open section; the caller fills the rest and sends it.
 */
export async function fillOutsideStep(section: Locator, reference?: string): Promise<void> {
  await section.locator('input[name="occurredOn"]').fill(operatorToday());
  if (reference !== undefined) await section.locator('input[name="externalReference"]').fill(reference);
  await section.locator('input[name="confirmed"]').check();
}

/** The status notice a case page shows after an action succeeded. */
export function notice(page: Page) {
  return page.getByRole("status");
}

export interface E2EWorkerFixtures {
  /** Closes the database connections of signInStaff when the worker ends. */
  staffSessions: void;
}

export interface E2EFixtures {
  /** Folder of received mail, for waitForMail() from tests/support/mailbox.ts. */
  mailDir: string;
  signInStaff: (page: Page, email: string, password: string, totpSecret?: string) => Promise<void>;
  signInComplainantByLink: (page: Page, email: string) => Promise<void>;
}

export const test = base.extend<E2EFixtures, E2EWorkerFixtures>({
  staffSessions: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, provide) => {
      await provide();
      await closeStaffSessions();
    },
    { scope: "worker", auto: true },
  ],
  // Playwright requires an object pattern for fixture dependencies, even an empty one.
  // eslint-disable-next-line no-empty-pattern
  mailDir: async ({}, provide) => {
    await provide(mailDir());
  },
  // eslint-disable-next-line no-empty-pattern
  signInStaff: async ({}, provide) => {
    await provide(signInStaff);
  },
  // eslint-disable-next-line no-empty-pattern
  signInComplainantByLink: async ({}, provide) => {
    await provide(signInComplainantByLink);
  },
});
