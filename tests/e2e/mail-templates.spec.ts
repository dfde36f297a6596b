import { DEMO, expect, signInStaff, test } from "./fixtures";

// The officer previews every mail template (HTML beside text); nobody else can.

test("the officer previews a mail template: HTML in a sandboxed frame beside the plain text", async ({ page }) => {
  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.getByRole("link", { name: "Mail templates" }).click();
  await expect(page).toHaveURL("/mail/templates");
  await expect(page.getByRole("heading", { name: "Mail templates", level: 1 })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Privacy Inquiry [PS-2026-000123]" }).first()).toBeVisible();

  await page.getByRole("link", { name: "acknowledgement" }).click();
  await expect(page).toHaveURL("/mail/templates/acknowledgement");
  const frame = page.locator("iframe.mail-html");
  await expect(frame).toHaveAttribute("sandbox", "");
  await expect(page.frameLocator("iframe.mail-html").getByRole("heading", { name: "We have received your complaint" })).toBeVisible();
  const text = page.locator("pre.mail-text");
  await expect(text).toContainText("Confirm your e-mail address and open your case:");
  // Without replies by mail the mail points to the case page (the e2e server has inbound mail on,
  // so the page starts with replies; ?replies=off shows the other wording).
  await page.goto("/mail/templates/acknowledgement?replies=off");
  await expect(page.locator("pre.mail-text")).not.toContainText("replying to this e-mail");
  await page.getByRole("link", { name: "Show with replies by mail" }).click();
  await expect(page.locator("pre.mail-text")).toContainText("replying to this e-mail");

  expect((await page.request.get("/mail/templates/no_such_template")).status()).toBe(404);
});

test("a liaison cannot open the mail templates", async ({ page }) => {
  await signInStaff(page, DEMO.northwindLiaison, DEMO.password);
  await expect(page.getByRole("link", { name: "Mail templates" })).toHaveCount(0);
  expect((await page.request.get("/mail/templates")).status()).toBe(403);
  expect((await page.request.get("/mail/templates/acknowledgement")).status()).toBe(403);
});

test("without signing in, the mail templates send you to the staff sign-in", async ({ page }) => {
  await page.goto("/mail/templates/acknowledgement");
  await expect(page).toHaveURL(/\/login\?next=/);
});
