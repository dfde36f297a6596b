import { DEMO, expect, mailDir, ownerQuery, test } from "./fixtures";
import { extractLink, waitForMail } from "../support/mailbox";

async function caseLanguage(reference: string): Promise<string> {
  return (await ownerQuery<{ language: string }>("select language from cases where reference = $1", [reference]))[0]!.language;
}

// Three languages (ADR 033): the browser's language by default, a switch that works without
// JavaScript, the page's <html lang> following it.

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, locale: "de-DE", extraHTTPHeaders: { "Accept-Language": "de-DE,de;q=0.9,en;q=0.5" } });

  test("the browser's language is the default, and the switch changes it and stays", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("link", { name: "Meine Beschwerde verfolgen" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Ein Anliegen zu Ihren personenbezogenen Daten vorbringen" })).toBeVisible();
    const switcher = page.getByRole("form", { name: "Sprache" });
    await expect(switcher.getByRole("button", { name: "Deutsch" })).toHaveAttribute("aria-pressed", "true");

    await page.goto("/signin");
    await switcher.getByRole("button", { name: "Français" }).click();
    await expect(page).toHaveURL("/signin");
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("link", { name: "Suivre ma plainte" })).toBeVisible();
    await expect(page.getByRole("form", { name: "Langue" }).getByRole("button", { name: "Français" })).toHaveAttribute("aria-pressed", "true");

    // Remembered: the cookie wins over the browser's German.
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("heading", { level: 1, name: "Signaler une préoccupation concernant vos données personnelles" })).toBeVisible();
  });

  test("a sign-in link comes in the browser's language, and the switch on a case page sets the case's language", async ({ page }) => {
    await page.goto("/signin");
    await expect(page.getByRole("heading", { name: "Ihre Beschwerde verfolgen" })).toBeVisible();
    const asked = new Date();
    await page.getByLabel("E-Mail").fill(DEMO.complainant);
    await page.getByRole("button", { name: "Anmeldelink senden" }).click();
    await expect(page.getByRole("status")).toContainText("Anmeldelink");
    const mail = await waitForMail(mailDir(), { to: DEMO.complainant, subjectIncludes: "Privacy Inquiry: Ihr Anmeldelink", textIncludes: "Mit freundlichen Grüßen", after: asked });
    const link = extractLink(mail, "/auth/link");
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Anmelden, um Ihre Beschwerde zu verfolgen" })).toBeVisible();
    await page.locator("form").filter({ has: page.locator("button") }).last().locator("button[type=submit]").click();
    await page.waitForURL((url) => !url.pathname.startsWith("/auth/link"));

    await page.goto("/my");
    await expect(page.getByRole("heading", { level: 1, name: "Meine Beschwerden" })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "Eingereicht am" })).toBeVisible();
    // The deadline badges too (one of Maria's cases waits for its acknowledgement).
    await expect(page.locator("main .badge").first()).toHaveText(/^(heute fällig|fällig in \d+ Tagen?|\d+ Tage? überfällig|angehalten)$/);
    const caseLink = page.locator('a[href^="/my/cases/"]').first();
    const reference = (await caseLink.getAttribute("href"))!.split("/").at(-1)!;
    await caseLink.click();
    await expect(page).toHaveURL(`/my/cases/${reference}`);
    await page.getByRole("form", { name: "Sprache" }).getByRole("button", { name: "Français" }).click();
    await expect(page).toHaveURL(`/my/cases/${reference}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    expect(await caseLanguage(reference)).toBe("fr");
  });
});
