import { randomInt } from "node:crypto";
import { DEMO, expect, fileComplaintThroughForm, signInStaff, test, uniqueEmail } from "./fixtures";

// Triage without JavaScript (issue 9, ADR 025): search, bulk owner, bulk close with a per-case
// report, and a saved filter, all through plain GET and POST forms.

test.use({ javaScriptEnabled: false, actionTimeout: 15_000, navigationTimeout: 15_000 });

const word = () => Array.from({ length: 12 }, () => String.fromCharCode(97 + randomInt(26))).join("");

test("the officer finds cases by a word, owns and closes them in bulk, and keeps the filter", async ({ page }) => {
  const marker = word();
  const description = `The ${marker} mailing list still sends me catalogues.`;
  const first = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name: "Triage One", email: uniqueEmail("triage1"), description });
  const second = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name: "Triage Two", email: uniqueEmail("triage2"), description });

  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.goto("/cases");
  await page.getByLabel("Search").fill(marker);
  await page.getByLabel("Sort by").selectOption({ label: "Opened" });
  await page.getByLabel("Order").selectOption({ label: "Ascending" });
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`q=${marker}`));
  const rows = page.locator("table.data tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(first);
  await expect(rows.nth(1)).toContainText(second);
  await expect(page.getByText("Oldest case first")).toBeVisible();

  // Bulk owner: both rows, the first officer on the list.
  await page.getByLabel(`Select ${first}`).check();
  await page.getByLabel(`Select ${second}`).check();
  const owner = page.getByLabel("New owner");
  await owner.selectOption({ index: 1 });
  const ownerName = ((await owner.locator("option:checked").textContent()) ?? "").replace(/ \(.*\)$/, "");
  await page.getByRole("button", { name: "Set owner" }).click();
  await expect(page.getByRole("status")).toContainText(`2 cases assigned: ${first}, ${second}.`);
  await expect(rows.nth(0)).toContainText(ownerName);
  await expect(rows.nth(1)).toContainText(ownerName);

  // Bulk close: the first case, then both: the closed one is named, the other closes.
  await page.getByLabel(`Select ${first}`).check();
  await page.getByLabel("Close as").selectOption({ label: "duplicate" });
  await page.getByLabel("Reason for closing").fill("Filed twice by the same person.");
  await page.getByRole("button", { name: "Close selected" }).click();
  await expect(page.getByRole("status")).toContainText(`1 case closed: ${first}.`);
  await page.goto(`/cases?q=${marker}&status=all&sort=opened&dir=asc`);
  await page.getByLabel(`Select ${first}`).check();
  await page.getByLabel(`Select ${second}`).check();
  await page.getByLabel("Close as").selectOption({ label: "duplicate" });
  await page.getByLabel("Reason for closing").fill("Filed twice by the same person.");
  await page.getByRole("button", { name: "Close selected" }).click();
  await expect(page.getByRole("status")).toContainText(`1 case closed: ${second}.`);
  await expect(page.getByRole("status")).toContainText(`${first} was not closed: This case is closed.`);

  // Saved filter: listed beside the queue, opens the same view, deletable.
  const name = `Closed ${marker}`;
  await page.getByLabel("Save these filters as").fill(name);
  await page.getByRole("button", { name: "Save filter" }).click();
  await page.goto("/cases");
  await page.getByRole("link", { name }).click();
  await expect(page).toHaveURL(new RegExp(`q=${marker}`));
  await expect(rows).toHaveCount(2);
  await page.getByRole("button", { name: `Delete saved filter ${name}` }).click();
  await expect(page.getByRole("link", { name })).toHaveCount(0);
});
