import { expect, test } from "./fixtures";

test("the home page names the operator", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await expect(page.locator("body")).toContainText("Customer Portfolios");
});

test("/healthz reports the database up", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(await response.json()).toMatchObject({ status: "ok", database: "up" });
});

test("the home page logs no errors in the browser console", async ({ playwright, browserName, launchOptions, baseURL }) => {
  // A browser of its own: Chromium asks for /favicon.ico only once per browser, so in a shared
  // browser a missing icon would show up in whichever test happens to load a page first.
  const browser = await playwright[browserName].launch(launchOptions);
  try {
    const page = await browser.newPage({ baseURL });
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()} (${message.location().url})`);
    });
    page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
    page.on("response", (response) => {
      if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
    });

    await page.goto("/");
    // Let hydration and any lazy requests finish.
    await page.waitForLoadState("networkidle");
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});
