import { readFile } from "node:fs/promises";
import { DEMO, acknowledgementMail, expect, fileComplaintThroughForm, signInStaff, signInWithMailedLink, test, uniqueEmail } from "./fixtures";

// Issue 9 parts 4-5 in a browser: the complainant downloads their data (JSON and a readable page)
// and asks for their account to be erased; the officer places and lifts a legal hold, sees the
// next 30 days, and keeps the retention policy (bad input refused, nothing saved).

test("a complainant downloads their data and asks for their account to be erased", async ({ page }) => {
  const email = uniqueEmail("export");
  const description = `Catalogues keep arriving (export e2e ${Date.now()}).`;
  const reference = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name: "Export Reader", email, description });
  await signInWithMailedLink(page, await acknowledgementMail(email, reference));

  await page.goto("/my");
  await page.getByRole("link", { name: "Your data" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your data");

  const jsonDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: /data file \(JSON/ }).click();
  const json = await jsonDownload;
  expect(json.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await readFile((await json.path())!, "utf8"));
  expect(data.you.email).toBe(email);
  expect(data.cases.map((c: { reference: string }) => c.reference)).toEqual([reference]);
  expect(data.cases[0].description).toBe(description);

  const htmlDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: /read and print \(HTML\)/ }).click();
  const html = await readFile((await (await htmlDownload).path())!, "utf8");
  expect(html).toContain(description);
  expect(html).toContain(reference);

  // Without the confirmation (the browser's own check is bypassed to reach the server's): refused, nothing filed.
  await page.locator("form", { hasText: "Send the request" }).evaluate((form) => form.setAttribute("novalidate", ""));
  await page.getByRole("button", { name: "Send the request" }).click();
  await expect(page.getByRole("alert")).toContainText("Tick the box");
  await page.getByLabel("I want my account and my personal data erased").check();
  await page.getByRole("button", { name: "Send the request" }).click();
  const status = page.getByRole("status");
  await expect(status).toContainText("Your request is case");
  const erasure = (await status.getByRole("link").textContent())!.trim();
  expect(erasure).toMatch(/^PS-\d{4}-\d{6}$/);
  await page.goto("/my");
  await expect(page.getByRole("row", { name: new RegExp(erasure) })).toContainText("Our Security Officer");
});

test("the officer places and lifts a legal hold, sees the next 30 days and keeps the policy", async ({ page }) => {
  const reference = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name: "Hold Subject", email: uniqueEmail("hold") });
  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.goto(`/cases/${reference}`);
  const box = page.locator("section", { has: page.getByRole("heading", { name: "Retention" }) });
  await expect(box).toContainText("The case is running");
  await box.getByLabel("Why the case must be kept (legal hold)").fill("Court order 12/26 (e2e)");
  await box.getByRole("button", { name: "Place a legal hold" }).click();
  await expect(page.getByRole("status").filter({ hasText: "legal hold is placed" })).toBeVisible();
  await expect(box).toContainText("Court order 12/26 (e2e)");
  await box.getByLabel("Why the hold is lifted").fill("Order expired (e2e)");
  await box.getByRole("button", { name: "Lift the legal hold" }).click();
  await expect(page.getByRole("status").filter({ hasText: "legal hold is lifted" })).toBeVisible();
  await expect(box.getByRole("button", { name: "Place a legal hold" })).toBeVisible();

  await page.getByRole("link", { name: "Retention", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Retention: the next 30 days");
  await expect(page.getByRole("heading", { level: 2, name: /^Mail that matched no case \(\d+\)$/ })).toBeVisible();
  await page.getByRole("link", { name: "Change how long cases are kept" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Retention");
  const resolved = page.getByLabel("Resolved cases");
  await expect(resolved).toHaveValue("36");
  await resolved.fill("0");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Enter a whole number of months from 1 to 1200.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Resolved cases")).toHaveValue("36");
  await page.getByLabel("Resolved cases").fill("48");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByLabel("Resolved cases")).toHaveValue("48");
  await page.getByLabel("Resolved cases").fill("36");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByLabel("Resolved cases")).toHaveValue("36");
  // Mail that matched no case has a period of its own (ADR 038).
  const unmatched = page.getByLabel("Unmatched mail");
  await expect(unmatched).toHaveValue("12");
  await unmatched.fill("6");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByLabel("Unmatched mail")).toHaveValue("6");
  await page.getByLabel("Unmatched mail").fill("12");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByLabel("Unmatched mail")).toHaveValue("12");
});

test("a liaison cannot open the retention pages", async ({ page }) => {
  await signInStaff(page, DEMO.northwindLiaison, DEMO.password);
  expect((await page.goto("/retention"))?.status()).toBe(403);
  expect((await page.goto("/settings/retention"))?.status()).toBe(403);
});
