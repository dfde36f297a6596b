import type { Page } from "@playwright/test";
import {
  DEMO,
  acknowledgementMail,
  expect,
  fileComplaintThroughForm,
  section,
  signInStaff,
  signInWithMailedLink,
  test,
  uniqueEmail,
} from "./fixtures";

// The case pages as assistive technology meets them: every label must name its own control.

test.use({ actionTimeout: 15_000, navigationTimeout: 15_000 });

/** Repeated ids, and labels whose `for` points at a control outside their own field. */
function labelProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const counts = new Map<string, number>();
    for (const element of document.querySelectorAll("[id]")) counts.set(element.id, (counts.get(element.id) ?? 0) + 1);
    for (const [id, count] of counts) if (count > 1) problems.push(`id "${id}" is used ${count} times`);
    for (const label of document.querySelectorAll<HTMLLabelElement>("label[for]")) {
      const field = label.closest(".field");
      const control = label.control;
      if (!control || (field && !field.contains(control))) {
        problems.push(`label "${label.textContent?.trim()}" names a control outside its field`);
      }
    }
    return problems;
  });
}

test("every label on the case pages names its own control", async ({ browser, baseURL }) => {
  const email = uniqueEmail("labels");
  const complainantContext = await browser.newContext({ baseURL });
  const complainant = await complainantContext.newPage();
  const reference = await fileComplaintThroughForm(complainant, { organization: "Northwind Outfitters", name: "Label Checker", email });
  await signInWithMailedLink(complainant, await acknowledgementMail(email, reference));

  const officerContext = await browser.newContext({ baseURL });
  const officer = await officerContext.newPage();
  await signInStaff(officer, DEMO.officer, DEMO.password);
  await officer.goto(`/cases/${reference}`);
  await officer.getByRole("button", { name: "Acknowledge the complaint" }).click();
  await expect(officer.getByRole("status")).toHaveText("The complaint is acknowledged.");

  // With many actions open: answer, question, message, close, extend, withdraw.
  expect(await labelProblems(officer), `/cases/${reference}`).toEqual([]);
  // The assignment form, loaded on request, too.
  await officer.goto(`/cases/${reference}?assign`);
  await expect(officer.getByLabel("Liaison", { exact: true })).toBeVisible();
  expect(await labelProblems(officer), `/cases/${reference}?assign`).toEqual([]);
  // The message box is found by its label, in its own section.
  await expect(section(officer, "Write a message, note, or log a letter or call").getByLabel("Message", { exact: true })).toHaveCount(1);

  await complainant.goto(`/my/cases/${reference}`);
  expect(await labelProblems(complainant), `/my/cases/${reference}`).toEqual([]);
  const writeToUs = complainant.locator("section", { has: complainant.getByRole("heading", { name: "Write to us" }) });
  await expect(writeToUs.getByLabel("Your message", { exact: true })).toHaveCount(1);

  await complainantContext.close();
  await officerContext.close();
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

test("the complainant's case page ships no internal ids, neither in its HTML nor in its loader data", async ({ browser, baseURL }) => {
  const email = uniqueEmail("no-ids");
  const complainantContext = await browser.newContext({ baseURL });
  const complainant = await complainantContext.newPage();
  const reference = await fileComplaintThroughForm(complainant, { organization: "Northwind Outfitters", name: "Id Watcher", email });
  await signInWithMailedLink(complainant, await acknowledgementMail(email, reference));

  const officerContext = await browser.newContext({ baseURL });
  const officer = await officerContext.newPage();
  await signInStaff(officer, DEMO.officer, DEMO.password);
  await officer.goto(`/cases/${reference}`);
  await officer.getByRole("button", { name: "Acknowledge the complaint" }).click();
  await expect(officer.getByRole("status")).toHaveText("The complaint is acknowledged.");
  // The staff page's data does carry ids (the owner and assignment forms need them): the pattern finds them.
  const staffData = await officer.request.get(`/cases/${reference}.data`);
  expect(staffData.status()).toBe(200);
  expect(await staffData.text()).toMatch(UUID);

  // What useLoaderData receives on client-side navigation, and the page as first served.
  const data = await complainant.request.get(`/my/cases/${reference}.data`);
  expect(data.status()).toBe(200);
  const body = await data.text();
  expect(body).toContain(reference);
  expect(body.match(UUID)?.[0] ?? null).toBeNull();
  const html = await (await complainant.request.get(`/my/cases/${reference}`)).text();
  expect(html).toContain(reference);
  expect(html.match(UUID)?.[0] ?? null).toBeNull();
  const list = await (await complainant.request.get(`/my.data`)).text();
  expect(list).toContain(reference);
  expect(list.match(UUID)?.[0] ?? null).toBeNull();

  await complainantContext.close();
  await officerContext.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the officer loads the assignment lists only when asked, and assigns another client and its liaison", async ({ browser, baseURL, page }) => {
    const email = uniqueEmail("assign");
    const complainantContext = await browser.newContext({ baseURL });
    const reference = await fileComplaintThroughForm(await complainantContext.newPage(), { organization: "Northwind Outfitters", name: "Assign Me", email });
    await complainantContext.close();

    await signInStaff(page, DEMO.officer, DEMO.password);
    await page.goto(`/cases/${reference}`);
    const details = page.locator("dl").filter({ hasText: "Liaison" });
    await expect(details.locator("dt:text-is('Client') + dd")).toHaveText("Northwind Outfitters");
    // The plain page carries no list of every client and liaison.
    const assign = page.locator("details#assign");
    await expect(assign.locator("select")).toHaveCount(0);
    await page.locator("details.other-actions > summary").click();
    await assign.locator("summary").click();
    await assign.getByRole("link", { name: "Choose the client and liaison" }).click();
    await expect(page).toHaveURL(new RegExp(`/cases/${reference}\\?assign`));
    await expect(assign).toHaveAttribute("open", "");

    // A liaison of another client is refused, and nothing changes.
    await assign.getByLabel("Client", { exact: true }).selectOption({ label: "Bluebird Travel" });
    await assign.getByLabel("Liaison", { exact: true }).selectOption({ label: "Ravi Patel" });
    await assign.getByRole("button", { name: "Save the assignment" }).click();
    await expect(assign.locator('[aria-invalid="true"], .form-error, p.error').first()).toBeVisible();
    await page.goto(`/cases/${reference}`);
    await expect(details.locator("dt:text-is('Client') + dd")).toHaveText("Northwind Outfitters");

    await page.goto(`/cases/${reference}?assign`);
    await assign.getByLabel("Client", { exact: true }).selectOption({ label: "Bluebird Travel" });
    await assign.getByLabel("Liaison", { exact: true }).selectOption({ label: "Claire Dubois" });
    await assign.getByRole("button", { name: "Save the assignment" }).click();
    await expect(page.getByRole("status")).toHaveText("The assignment is saved.");
    await expect(details.locator("dt:text-is('Client') + dd")).toHaveText("Bluebird Travel");
    await expect(details.locator("dt:text-is('Liaison') + dd")).toHaveText("Claire Dubois");
  });
});
