import { test as base, expect, type Page } from "@playwright/test";
import { extractLink, waitForMail } from "../support/mailbox";

export { expect };

/** Demo accounts seeded by the server (SEED_DEMO=1). */
export const DEMO = {
  password: "recourse-demo",
  officer: "officer@customerportfolios.example",
  northwindLiaison: "liaison@northwind.example",
  bluebirdLiaison: "liaison@bluebird.example",
  /** A seeded complainant (signs in by e-mailed link only). */
  complainant: "maria.keller@example.eu",
} as const;

/** Where the test SMTP server writes received mail (set by global-setup.ts). */
export function mailDir(): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error("E2E_MAIL_DIR is not set: run the e2e tests through `playwright test` (global-setup.ts)");
  return dir;
}

/** Signs a staff member in with email and password on /login. */
export async function signInStaff(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
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
  const mail = await waitForMail(mailDir(), { to: email, subjectIncludes: "Privacy Inquiry", after: asked });
  await page.goto(extractLink(mail, "/auth/link"));
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/auth/link"));
}

export interface E2EFixtures {
  /** Folder of received mail, for waitForMail() from tests/support/mailbox.ts. */
  mailDir: string;
  signInStaff: (page: Page, email: string, password: string) => Promise<void>;
  signInComplainantByLink: (page: Page, email: string) => Promise<void>;
}

export const test = base.extend<E2EFixtures>({
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
