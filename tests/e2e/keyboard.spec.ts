// A keyboard-only journey (issue 10 part 4; ADR 036): a complaint is filed, confirmed from the
// mailed link, acknowledged and answered by the client's liaison, and the answer accepted, with
// Tab, Shift+Tab, Enter, Space and typing only: no clicks. Every element the journey tabs through
// must show where the focus is.
import type { Locator, Page } from "@playwright/test";
import { DEMO, PATIENT, SEVERAL_PEOPLE_MS, acknowledgementMail, expect, newParty, notice, signInStaff, test, uniqueEmail } from "./fixtures";
import { extractLink } from "../support/mailbox";

test.use(PATIENT);

/** What the focused element looks like: enough to tell whether a sighted keyboard user sees it. */
async function focusRing(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: "body", visible: false, describe: "nothing focused" };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow !== "none" && el.matches(":focus-visible");
    const describe = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(el.textContent ?? "").trim().slice(0, 40)}"`;
    return { tag: el.tagName.toLowerCase(), visible: el.matches(":focus-visible") && (outline || shadow), describe };
  });
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, checking at every stop that the focus
 * is visible. Fails when the target is not reached within `max` presses.
 */
async function tabTo(page: Page, target: Locator, { back = false, max = 120 } = {}): Promise<void> {
  await expect(target).toHaveCount(1);
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const ring = await focusRing(page);
    if (ring.tag !== "body") expect(ring.visible, `focus is visible on ${ring.describe}`).toBe(true);
  }
  throw new Error(`${target} was not reached with ${max} presses of ${back ? "Shift+Tab" : "Tab"}`);
}

/** Chooses an option of a focused <select> with the arrow keys, by its visible text. */
async function chooseWithKeys(page: Page, select: Locator, optionText: string): Promise<void> {
  await tabTo(page, select);
  const labels = await select.locator("option").allTextContents();
  if (!labels.some((l) => l.trim() === optionText)) throw new Error(`no option "${optionText}" in ${labels.join(" | ")}`);
  for (let i = 0; i < labels.length + 1; i++) {
    const chosen = await select.evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent?.trim() ?? "");
    if (chosen === optionText) return;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`"${optionText}" could not be chosen with the arrow keys`);
}

/**
 * Chooses a radio button by its label with the keys: a radio group is one Tab stop (its checked
 * radio, or the first), and the arrow keys move through it and choose.
 */
async function chooseRadioWithKeys(page: Page, group: Locator, label: string): Promise<void> {
  const target = group.page().getByRole("radio", { name: label, exact: true });
  const checked = group.locator(":checked");
  await tabTo(page, (await checked.count()) > 0 ? checked.first() : group.first());
  if (await target.evaluate((el) => el === document.activeElement)) await page.keyboard.press("Space");
  for (let i = 0; i <= (await group.count()); i++) {
    if (await target.isChecked()) return;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`"${label}" could not be chosen with the arrow keys`);
}

async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

test("a complaint is filed, confirmed, answered and accepted with the keyboard alone", async ({ browser, baseURL }) => {
  test.setTimeout(SEVERAL_PEOPLE_MS);
  const email = uniqueEmail("keyboard");
  const answer = "Northwind answer: your address is removed from every mailing list as of today.";

  // --- The complainant files the form, top to bottom.
  const complainant = await newParty(browser, baseURL);
  await complainant.goto("/complain");
  const form = complainant.locator("main form").filter({ has: complainant.locator('[name="description"]') });
  // The company is found by its name ("Find the company" sends the form back with the matches).
  await typeInto(complainant, form.getByLabel("Search for a company"), "Northwind");
  await tabTo(complainant, form.getByRole("button", { name: "Find the company" }));
  await complainant.keyboard.press("Enter");
  await expect(form.getByRole("radio", { name: "Northwind Outfitters", exact: true })).toBeVisible();
  await chooseRadioWithKeys(complainant, form.locator('input[type="radio"][name="organization"]'), "Northwind Outfitters");
  await chooseWithKeys(complainant, form.locator('select[name="category"]'), "Stop promotional correspondence (opt out)");
  await typeInto(complainant, form.locator('[name="description"]'), "Northwind still sends me catalogues although I opted out in March.");
  await typeInto(complainant, form.locator('[name="desiredOutcome"]'), "Stop all promotional mail to me.");
  await chooseWithKeys(complainant, form.locator('select[name="country"]'), "Austria");
  await typeInto(complainant, form.locator('[name="name"]'), "Kim Keyboard");
  await typeInto(complainant, form.locator('[name="email"]'), email);
  // Back up one field with Shift+Tab to correct the name, then on to the button.
  await tabTo(complainant, form.locator('[name="name"]'), { back: true });
  await complainant.keyboard.press("End");
  await complainant.keyboard.type(" Test");
  await expect(form.locator('[name="name"]')).toHaveValue("Kim Keyboard Test");
  await tabTo(complainant, form.locator('button[type="submit"]').last());
  await complainant.keyboard.press("Enter");
  await complainant.waitForURL(/\/complain\/received\/PS-\d{4}-\d{6}$/);
  const reference = new URL(complainant.url()).pathname.split("/").at(-1)!;

  // --- The mailed link is opened (as from a mail program) and confirmed with the keyboard.
  const mail = await acknowledgementMail(email, reference);
  await complainant.goto(extractLink(mail, "/auth/link"));
  await tabTo(complainant, complainant.locator('main button[type="submit"]'));
  await complainant.keyboard.press("Enter");
  await complainant.waitForURL(`**/my/cases/${reference}`);

  // --- The Northwind liaison opens it from the queue, acknowledges and answers.
  const liaison = await newParty(browser, baseURL);
  await signInStaff(liaison, DEMO.northwindLiaison, DEMO.password);
  await tabTo(liaison, liaison.getByRole("link", { name: reference, exact: true }));
  await liaison.keyboard.press("Enter");
  await liaison.waitForURL(`**/cases/${reference}`);
  const acknowledge = liaison.locator('form:has(input[name="intent"][value="acknowledge"]) button[type="submit"]');
  await tabTo(liaison, acknowledge);
  await liaison.keyboard.press("Enter");
  await expect(notice(liaison)).toBeVisible();
  await expect(acknowledge).toHaveCount(0);

  const answerForm = liaison.locator('form:has(input[name="intent"][value="answer"])');
  const answerSection = liaison.locator("details").filter({ has: answerForm });
  await tabTo(liaison, answerSection.locator("summary"));
  await liaison.keyboard.press("Enter");
  await expect(answerSection).toHaveAttribute("open", "");
  await typeInto(liaison, answerForm.locator("textarea").first(), answer);
  await tabTo(liaison, answerForm.locator('button[type="submit"]'));
  await liaison.keyboard.press("Enter");
  await expect(notice(liaison)).toBeVisible();
  await expect(liaison.getByText(answer)).toBeVisible();

  // --- The complainant reads the answer and accepts it with Space on the button.
  await complainant.reload();
  await expect(complainant.locator("section.answer-card").getByText(answer)).toBeVisible();
  const accept = complainant.locator('form:has(input[name="intent"][value="accept_answer"]) button[type="submit"]');
  await tabTo(complainant, accept);
  await complainant.keyboard.press("Space");
  await expect(notice(complainant)).toBeVisible();
  await expect(accept).toHaveCount(0);
});
