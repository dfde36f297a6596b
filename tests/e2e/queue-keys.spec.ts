import { DEMO, expect, signInStaff, test } from "./fixtures";

// The queue's keyboard shortcuts (issue 10 part 3), which work only while focus is in its table
// (WCAG 2.1.4): j/k move between cases, x selects one for the bulk actions, / goes to the search,
// Enter opens the case. Typed in the search field, the same letters are just letters.

test("the officer walks the queue with j, k, x, / and Enter", async ({ page }) => {
  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.goto("/cases?status=all&sort=opened");
  const links = page.locator("table.data tbody tr td a");
  await expect(links.nth(2)).toBeVisible();
  const first = (await links.nth(0).textContent())!;
  const second = (await links.nth(1).textContent())!;

  // Outside the table the keys do nothing.
  await page.locator("body").press("j");
  await expect(links.nth(0)).not.toBeFocused();

  await links.nth(0).focus();
  await page.keyboard.press("j");
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press("k");
  await expect(links.nth(0)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(links.nth(1)).toBeFocused();

  await page.keyboard.press("x");
  await expect(page.getByRole("checkbox", { name: `Select ${second}` })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: `Select ${first}` })).not.toBeChecked();

  await page.keyboard.press("/");
  const search = page.locator("#f-q");
  await expect(search).toBeFocused();
  await page.keyboard.type("jkx/");
  await expect(search).toHaveValue("jkx/");

  await links.nth(1).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`/cases/${second}`);
});
