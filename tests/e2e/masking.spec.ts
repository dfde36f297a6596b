import { DEMO, expect, fileComplaintThroughForm, signInStaff, test, uniqueEmail } from "./fixtures";

// Masking (ADR 028), without JavaScript: staff lists and the case page show the complainant
// masked, in the page and in its loader data; "Show identity" (a plain form post) shows them in
// full for that view, and the officer finds the reveal in the log.

test.use({ javaScriptEnabled: false, actionTimeout: 15_000, navigationTimeout: 15_000 });

test("staff see the complainant masked until they reveal the identity, and the reveal is in the officer's log", async ({ page }) => {
  const email = uniqueEmail("masking");
  const name = "Philippa Masked-Person";
  const masked = `${email.slice(0, 2)}***@example.eu`;
  const reference = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name, email });
  // A second complaint from the same address is held until its owner confirms it (ADR 020).
  const held = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name, email });

  await signInStaff(page, DEMO.officer, DEMO.password);

  // A list: masked in the page and in the loader data (.data) alike.
  await page.goto("/held-filings");
  const row = page.getByRole("row", { name: new RegExp(held) });
  await expect(row).toContainText("P. M.");
  await expect(row).toContainText(masked);
  expect(await page.content()).not.toContain(email);
  const data = await (await page.request.get("/held-filings.data")).text();
  expect(data).toContain(masked);
  expect(data).not.toContain(email);
  expect(data).not.toContain(name);

  // The case page: masked until "Show identity" is posted.
  await page.goto(`/cases/${reference}`);
  const facts = page.locator("dl.facts");
  await expect(facts).toContainText("P. M.");
  await expect(facts).toContainText(masked);
  expect(await page.content()).not.toContain(email);
  await page.getByRole("button", { name: "Show identity" }).click();
  await expect(facts).toContainText(`${name} <${email}>`);
  await expect(facts).toContainText("recorded");
  // The next view is masked again.
  await page.goto(`/cases/${reference}`);
  await expect(page.getByRole("button", { name: "Show identity" })).toBeVisible();
  expect(await page.content()).not.toContain(email);

  // The officer's log names the reveal: who, which case, when.
  await page.getByRole("link", { name: "Who has viewed it" }).click();
  await expect(page).toHaveURL(new RegExp(`/audit/reveals\\?case=${reference}$`));
  const reveals = page.locator("table.data tbody tr");
  await expect(reveals).toHaveCount(1);
  await expect(reveals.first()).toContainText(reference);
  await expect(reveals.first()).toContainText("Security Officer");
});
