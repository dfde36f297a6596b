import { DEMO, expect, fileComplaintThroughForm, signInStaff, test, uniqueEmail } from "./fixtures";

// Legal clocks on screen: the officer's settings page (every change audited, bad input refused
// with a message, nothing else changed) and deadlines shown with their zone and badge.

test("the officer keeps the calendar on /settings/clocks; every change is recorded", async ({ page }) => {
  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.getByRole("link", { name: "Deadlines and calendar" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Deadlines and calendar");

  // A zone Intl does not know is refused with a message, and nothing is saved.
  const calendar = page.locator("section", { has: page.getByRole("heading", { name: "Office calendar" }) });
  await calendar.getByLabel("Time zone").fill("Mars/Olympus_Mons");
  await calendar.getByRole("button", { name: "Save calendar" }).click();
  await expect(calendar.getByRole("alert")).toContainText("Enter a time zone");
  await page.reload();
  await expect(page.locator("section", { has: page.getByRole("heading", { name: "Office calendar" }) }).getByLabel("Time zone")).toHaveValue("America/New_York");

  // A closure far from any other test's dates: added, listed, audited, removed.
  const closures = page.locator("section", { has: page.getByRole("heading", { name: "Office closures" }) });
  await closures.getByLabel("Day").fill("2030-07-01");
  await closures.getByLabel("Reason").fill("Office move (e2e)");
  await closures.getByRole("button", { name: "Add closure" }).click();
  await expect(page.getByRole("status")).toContainText("closed on 1 Jul 2030");
  await expect(closures.getByRole("row", { name: /1 Jul 2030 Office move \(e2e\)/ })).toBeVisible();
  const changes = page.locator("section", { has: page.getByRole("heading", { name: "Recent changes" }) });
  // In words, not as stored: what changed, the day and the reason.
  await expect(changes.getByRole("row", { name: /Closure added Closure: 1 Jul 2030: Office move \(e2e\)/ }).first()).toBeVisible();

  await closures.getByRole("row", { name: /1 Jul 2030/ }).getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("status")).toContainText("The closure on 1 Jul 2030 was removed.");
  await expect(changes.getByRole("row", { name: /Closure removed Closure: 1 Jul 2030: Office move \(e2e\)/ }).first()).toBeVisible();
  await expect(changes).not.toContainText('{"day"');
});

test("a liaison cannot open the clock settings", async ({ page }) => {
  await signInStaff(page, DEMO.northwindLiaison, DEMO.password);
  const response = await page.goto("/settings/clocks");
  expect(response?.status()).toBe(403);
});

test("a new case shows its deadlines with the zone named, one sentence each, and a badge", async ({ page }) => {
  const reference = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name: "Clock Reader", email: uniqueEmail("clock-reader") });
  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.goto(`/cases/${reference}`);
  const table = page.locator("table", { hasText: "Deadlines at this step" });
  await expect(table.locator("caption")).toContainText("New York time");
  await expect(table).toContainText(/Due \d{1,2} [A-Z][a-z]{2} \d{4} \(end of day, New York time\): 5 working days after/);
  await expect(table).toContainText(/45 calendar days from/);
  await expect(table.locator(".badge").first()).toHaveText(/^due (in \d+ days?|today)$/);

  await page.goto("/cases");
  await expect(page.getByRole("row", { name: new RegExp(reference) }).locator(".badge")).toHaveText(/^due (in \d+ days?|today)$/);
});
