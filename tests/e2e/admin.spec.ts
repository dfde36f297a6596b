import { extractLink, waitForMail } from "../support/mailbox";
import { totpCode } from "../../app/auth/totp";
import { DEMO, expect, mailDir, notice, signInStaff, signInStaffThroughForm, test, uniqueEmail } from "./fixtures";

// Issue 8, administration: the officer invites a liaison, who sets a password and an
// authenticator from the mailed link and signs in; deactivated, their open session ends at once.

test("an invited liaison sets up the account, signs in, and is signed out when deactivated", async ({ page, browser }) => {
  test.setTimeout(150_000);
  const email = uniqueEmail("liaison");
  const name = `Priya Test ${Date.now().toString(36)}`;
  const password = "a sensible long passphrase";

  // The officer invites.
  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.goto("/admin/users");
  const asked = new Date();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Role").selectOption({ label: "Liaison of a client" });
  await page.getByLabel("Client (for a liaison)").selectOption({ label: "Northwind Outfitters" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(notice(page)).toContainText(`Invitation sent to ${email}`);
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText("invited");

  // The liaison, in a browser of their own, follows the link.
  const mail = await waitForMail(mailDir(), { to: email, subjectIncludes: "your staff account", after: asked });
  const link = extractLink(mail, "/invite/");
  const liaisonContext = await browser.newContext();
  const liaison = await liaisonContext.newPage();
  try {
    await liaison.goto(link);
    await expect(liaison.getByRole("heading", { level: 1 })).toHaveText("Set up your staff account");
    await expect(liaison.locator(".qr svg")).toBeVisible(); // the QR code is inline SVG
    const secret = (await liaison.getByTestId("totp-secret").innerText()).replace(/\s+/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await liaison.getByLabel("New password", { exact: true }).fill(password);
    await liaison.getByLabel("New password again").fill(password);
    await liaison.getByLabel("6-digit code from your app").fill(totpCode(secret, new Date()));
    await liaison.getByRole("button", { name: "Set up my account" }).click();
    await expect(liaison.getByRole("heading", { level: 1 })).toHaveText("Your account is ready");
    await expect(liaison.getByTestId("recovery-codes").locator("li")).toHaveCount(10);

    // The link works once.
    await liaison.goto(link);
    await expect(liaison.getByRole("heading", { level: 1 })).toHaveText("This invitation cannot be used");

    // A password alone does not sign in: the code is asked for, and then the liaison is in.
    await signInStaffThroughForm(liaison, email, password, secret);
    await expect(liaison).toHaveURL(/\/cases$/);
    await expect(liaison.locator("header.site")).toContainText(name);

    // The officer sees the new access and deactivates it.
    await page.goto("/admin/access");
    const row = page.getByRole("row").filter({ hasText: email });
    await expect(row).toContainText("Northwind Outfitters");
    await expect(row).toContainText("since");
    await page.goto("/admin/users");
    await page.getByRole("button", { name: `Deactivate ${name}` }).click();
    await expect(notice(page)).toContainText("every session of this person has ended");

    // The liaison's open session is gone at the next request.
    await liaison.goto("/cases");
    await expect(liaison).toHaveURL(/\/login\?next=/);
    // And the password no longer leads to the second step.
    await liaison.getByLabel("Email").fill(email);
    await liaison.getByLabel("Password").fill(password);
    await liaison.getByRole("button", { name: "Sign in" }).click();
    await expect(liaison.getByRole("alert")).toContainText("do not match a staff account");
    await expect(liaison).toHaveURL(/\/login/);

    // The trail shows who did what.
    await page.goto("/admin/access");
    const trail = page.locator("table").last();
    await expect(trail).toContainText("staff invited");
    await expect(trail).toContainText("invite accepted");
    await expect(trail).toContainText("staff deactivated");
  } finally {
    await liaisonContext.close();
  }
});

test("your sessions: a second session is listed and can be ended from the first", async ({ page, browser }) => {
  test.setTimeout(150_000);
  // Both through the form: this is also the spec that signs a demo account in on /login twice.
  await signInStaffThroughForm(page, DEMO.bluebirdLiaison, DEMO.password);
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  try {
    await signInStaffThroughForm(other, DEMO.bluebirdLiaison, DEMO.password);
    await page.goto("/account/sessions");
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    await expect(page.getByText("this session", { exact: true })).toHaveCount(1);
    await page.getByRole("button", { name: "End all other sessions" }).click();
    await expect(notice(page)).toContainText(/other sessions? ended/);
    await other.goto("/cases");
    await expect(other).toHaveURL(/\/login\?next=/);
    // This one still works.
    await page.goto("/cases");
    await expect(page).toHaveURL(/\/cases$/);
  } finally {
    await otherContext.close();
  }
});
