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
  // The staff page's data does carry ids (the assignment form needs them): the pattern finds them.
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
