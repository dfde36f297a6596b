import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { zipBomb } from "../support/zip";
import {
  DEMO,
  PATIENT,
  SEVERAL_PEOPLE_MS,
  acknowledgementMail,
  expect,
  fileComplaintThroughForm,
  fieldIn,
  newParty,
  openSection,
  signInStaff,
  signInWithMailedLink,
  test,
  uniqueEmail,
} from "./fixtures";

// Files with messages, downloads under the audience and tenant rules, logged calls, and
// referrals whose clocks start when they were received.

test.use(PATIENT);
// Three people sign in one after the other on a shared 2-core machine.
test.setTimeout(SEVERAL_PEOPLE_MS);

const file = (name: string) => fileURLToPath(new URL(`../fixtures/files/${name}`, import.meta.url));
/** What a datetime-local field takes, in UTC (the app reads it as UTC). */
/** A datetime-local value on the operator's wall clock (the demo operator keeps New York time). */
const localValue = (d: Date) =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .format(d)
    .replace(" ", "T");

test("a complainant's PDF reaches the liaison as a safe download; another client's liaison gets 404; a program posing as a PDF is refused", async ({ browser, baseURL }) => {
  const email = uniqueEmail("attach");
  const complainant = await newParty(browser, baseURL);
  const reference = await fileComplaintThroughForm(complainant, { organization: "Northwind Outfitters", name: "Anna Anhang", email });
  await signInWithMailedLink(complainant, await acknowledgementMail(email, reference));
  await complainant.goto(`/my/cases/${reference}`);

  const writeToUs = complainant.locator("section", { has: complainant.getByRole("heading", { name: "Write to us" }) });
  // A program renamed .pdf: refused with a message, and the message with it is not saved.
  await writeToUs.getByLabel("Your message", { exact: true }).fill("This one should not be saved.");
  await writeToUs.getByLabel("Attach files (optional)").setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: readFileSync(file("program.exe.pdf")) });
  await writeToUs.getByRole("button", { name: "Send" }).click();
  await expect(writeToUs.getByText(/"invoice.pdf" is not a file type we accept/)).toBeVisible();
  // A zip bomb posing as a Word letter ([Content_Types].xml inflates to 200 MB): refused the same way.
  await writeToUs.getByLabel("Your message", { exact: true }).fill("This one should not be saved.");
  await writeToUs.getByLabel("Attach files (optional)").setInputFiles({ name: "letter.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: await zipBomb(200 * 1024 * 1024) });
  await writeToUs.getByRole("button", { name: "Send" }).click();
  await expect(writeToUs.getByText(/"letter.docx" is not a file type we accept/)).toBeVisible();
  await expect(complainant.locator("ol.timeline")).not.toContainText("This one should not be saved.");

  await writeToUs.getByLabel("Your message", { exact: true }).fill("Here is the letter I received.");
  await writeToUs.getByLabel("Attach files (optional)").setInputFiles(file("evidence.pdf"));
  await writeToUs.getByRole("button", { name: "Send" }).click();
  await expect(complainant.getByRole("status")).toHaveText("Your message was saved.");
  await expect(complainant.locator("ol.timeline").getByRole("link", { name: "evidence.pdf" })).toBeVisible();
  await complainant.context().close();

  const liaison = await newParty(browser, baseURL);
  await signInStaff(liaison, DEMO.northwindLiaison, DEMO.password);
  await liaison.goto(`/cases/${reference}`);
  const link = liaison.locator("ol.timeline").getByRole("link", { name: "evidence.pdf" });
  await expect(link).toBeVisible();
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/attachments\/[0-9a-f-]{36}$/);
  const download = await liaison.request.get(href!);
  expect(download.status()).toBe(200);
  const headers = download.headers();
  expect(headers["content-type"]).toBe("application/pdf");
  expect(headers["content-disposition"]).toBe(`attachment; filename="evidence.pdf"; filename*=UTF-8''evidence.pdf`);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["cache-control"]).toBe("private, no-store");
  expect((await download.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await liaison.context().close();

  const other = await newParty(browser, baseURL);
  await signInStaff(other, DEMO.bluebirdLiaison, DEMO.password);
  expect((await other.request.get(href!)).status()).toBe(404);
  expect((await other.request.get("/attachments/not-an-id")).status()).toBe(404);
  await other.context().close();
});

test("the officer logs a phone call and it shows on the timeline", async ({ browser, baseURL }) => {
  const email = uniqueEmail("call");
  const page = await newParty(browser, baseURL);
  const reference = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name: "Carl Call", email });
  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.goto(`/cases/${reference}`);
  const log = await openSection(page, "Log a letter or a telephone call");
  await log.getByLabel("A telephone call").check();
  await log.getByLabel("To us (received, or they called)").check();
  const when = new Date(Date.now() - 2 * 3600_000);
  await fieldIn(log, "When (New York time)").fill(localValue(when));
  await fieldIn(log, "Summary").fill("Mr Call rang to ask whether his catalogue subscription is cancelled.");
  await log.getByRole("button", { name: "Log it" }).click();
  await expect(page.getByRole("status")).toHaveText("The letter or call is logged on the timeline.");
  const entry = page.locator("ol.timeline li", { hasText: "Mr Call rang" });
  await expect(entry).toContainText("by telephone");
  await expect(entry).toContainText("Call to us");
  await page.context().close();
});

test("a referral opened by the officer starts its clock when it was received", async ({ browser, baseURL }) => {
  const page = await newParty(browser, baseURL);
  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.goto("/cases/new");
  const received = new Date(Date.now() - 10 * 86_400_000);
  await page.getByLabel("The step where the case arrived").selectOption("dma");
  await page.getByLabel("How it reached us").selectOption("referral");
  await page.getByLabel("When it was received (New York time)").fill(localValue(received));
  await page.getByLabel("The dispute body's case number (optional)").fill("DMA-77-1234");
  await page.getByLabel("Which organization is the complaint about?").selectOption({ index: 1 });
  await page.getByLabel("What is it about?").selectOption({ index: 1 });
  await page.getByLabel("What happened?").fill("Referred to us by the dispute body after a letter to them.");
  await page.getByLabel("What outcome is wanted?").fill("Deletion.");
  await page.getByLabel("Country where the complainant lives").selectOption({ label: "Germany" });
  await page.getByLabel("Complainant's name").fill("Rita Referral");
  const email = uniqueEmail("referral");
  await page.getByLabel("Complainant's e-mail address").fill(email);
  // A letter in German: the complainant's mail goes in German, not in the officer's English.
  await page.getByLabel("Language of the complainant's mail").selectOption("de");
  await page.getByRole("button", { name: "Open the case" }).click();
  await page.waitForURL(/\/cases\/[A-Z]+-\d{4}-\d{6}/);
  const reference = new URL(page.url()).pathname.split("/").pop()!;
  // Waits for the receipt whose words are the German acknowledgement's (times out otherwise).
  await acknowledgementMail(email, reference, "de");
  await expect(page.getByText("DMA-77-1234").first()).toBeVisible();
  // The review clock counts from the day it was received, not today.
  // (The explanation names the day of receipt in the operator's zone, New York by default.)
  const receivedDay = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "America/New_York" }).format(received);
  await expect(page.getByText(/when your case reached the independent dispute body/).first()).toContainText(receivedDay);
  await expect(page.locator("ol.timeline")).toContainText("referred by the dispute body");
  await page.context().close();
});
