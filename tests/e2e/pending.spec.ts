import { expect, test, uniqueEmail } from "./fixtures";

// A pending indicator for every navigation and form (issue 10 part 3): while the app waits for the
// server, a bar shows at the top and a screen reader hears that something is loading or sending.

test("a slow navigation and a slow form show the pending bar, and it goes when the page is there", async ({ page }) => {
  await page.goto("/");
  const bar = page.locator("p.pending-bar");
  await expect(bar).not.toHaveAttribute("data-busy");
  // Hold the next page's data for a moment, as a slow network would.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.data(\?|$)/, async (route) => {
    await held;
    await route.continue();
  });

  await page.getByRole("banner").getByRole("link", { name: "Follow my complaint" }).click();
  await expect(bar).toHaveAttribute("data-busy", "");
  await expect(bar).toHaveText("Loading…");
  release();
  await expect(page).toHaveURL("/signin");
  await expect(bar).not.toHaveAttribute("data-busy");
  await expect(bar).toHaveText("");

  // A form: asking for a sign-in link, held the same way.
  let send: () => void = () => {};
  const sent = new Promise<void>((resolve) => (send = resolve));
  await page.unroute(/\.data(\?|$)/);
  await page.route(/\.data(\?|$)/, async (route) => {
    await sent;
    await route.continue();
  });
  await page.getByLabel("Email").fill(uniqueEmail("pending"));
  await page.locator("main form").getByRole("button").last().click();
  await expect(bar).toHaveAttribute("data-busy", "");
  await expect(bar).toHaveText("Sending…");
  send();
  await expect(page.getByRole("status")).toBeVisible();
  await expect(bar).not.toHaveAttribute("data-busy");
});
