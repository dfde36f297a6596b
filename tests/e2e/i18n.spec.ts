import { expect, test } from "./fixtures";

// Three languages (ADR 033): the browser's language by default, a switch that works without
// JavaScript, the page's <html lang> following it.

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, locale: "de-DE", extraHTTPHeaders: { "Accept-Language": "de-DE,de;q=0.9,en;q=0.5" } });

  test("the browser's language is the default, and the switch changes it and stays", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("link", { name: "Meine Beschwerde verfolgen" })).toBeVisible();
    const switcher = page.getByRole("form", { name: "Sprache" });
    await expect(switcher.getByRole("button", { name: "Deutsch" })).toHaveAttribute("aria-pressed", "true");

    await page.goto("/signin");
    await switcher.getByRole("button", { name: "Français" }).click();
    await expect(page).toHaveURL("/signin");
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("link", { name: "Suivre ma réclamation" })).toBeVisible();
    await expect(page.getByRole("form", { name: "Langue" }).getByRole("button", { name: "Français" })).toHaveAttribute("aria-pressed", "true");

    // Remembered: the cookie wins over the browser's German.
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  });
});
