import type { Browser, BrowserContext, Page } from "@playwright/test";
import { waitForMail } from "../support/mailbox";
import {
  DEMO,
  acknowledgementMail,
  caseVersion,
  chooseCompany,
  expect,
  fieldIn,
  fileComplaintThroughForm,
  mailDir,
  mailSent,
  mailsTo,
  openSection,
  signInStaff,
  signInWithMailedLink,
  test,
  uniqueEmail,
} from "./fixtures";

// Who may see and change a case, and what the server does with requests a page would never send.

test.use({ actionTimeout: 15_000, navigationTimeout: 15_000 });

const CONFLICT = "Someone else changed this case while you were looking at it. Nothing was saved";

interface FiledCase {
  reference: string;
  email: string;
}

/** Files a complaint about Northwind Outfitters from a signed-out browser of its own. */
async function fileNorthwindCase(browser: Browser, baseURL: string | undefined, label: string): Promise<FiledCase> {
  const context = await browser.newContext({ baseURL });
  try {
    const email = uniqueEmail(label);
    const reference = await fileComplaintThroughForm(await context.newPage(), {
      organization: "Northwind Outfitters",
      name: `Test ${label}`,
      email,
    });
    return { reference, email };
  } finally {
    await context.close();
  }
}

async function staffPage(browser: Browser, baseURL: string | undefined, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signInStaff(page, email, DEMO.password);
  return page;
}

/** Signs the complainant in through the sign-in link in their acknowledgement mail. */
async function complainantPage(browser: Browser, baseURL: string | undefined, filed: FiledCase): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signInWithMailedLink(page, await acknowledgementMail(filed.email, filed.reference));
  await expect(page).toHaveURL(`/my/cases/${filed.reference}`);
  return page;
}

/** What the officer sees of a case: its version, and whether it still waits for acknowledgement. */
async function expectUntouched(officer: Page, reference: string, version: number): Promise<void> {
  await officer.goto(`/cases/${reference}`);
  expect(await caseVersion(officer)).toBe(version);
  await expect(officer.locator(".badge", { hasText: "Waiting for acknowledgement" })).toBeVisible();
  await expect(officer.getByRole("button", { name: "Acknowledge the complaint" })).toBeVisible();
  await expect(officer.locator("ol.timeline li.message")).toHaveCount(0);
}

function closeAll(...pages: Page[]): Promise<void[]> {
  const contexts = new Set<BrowserContext>(pages.map((p) => p.context()));
  return Promise.all([...contexts].map((c) => c.close()));
}

test("a liaison of another client can neither see nor change the case", async ({ browser, baseURL }) => {
  const filed = await fileNorthwindCase(browser, baseURL, "tenant");
  const northwind = await staffPage(browser, baseURL, DEMO.northwindLiaison);
  const bluebird = await staffPage(browser, baseURL, DEMO.bluebirdLiaison);
  const officer = await staffPage(browser, baseURL, DEMO.officer);

  // The case's own client sees it (so the refusals below are about tenancy, not a missing case).
  await northwind.goto("/cases");
  await expect(northwind.getByRole("link", { name: filed.reference })).toBeVisible();

  const response = await bluebird.goto(`/cases/${filed.reference}`);
  expect(response?.status()).toBe(404);
  await expect(bluebird.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(bluebird.getByText(filed.reference)).toHaveCount(0);

  for (const queue of ["/cases", "/cases?status=all"]) {
    await bluebird.goto(queue);
    await expect(bluebird.getByRole("heading", { name: "Your client's cases" })).toBeVisible();
    await expect(bluebird.getByRole("link", { name: filed.reference })).toHaveCount(0);
  }

  await officer.goto(`/cases/${filed.reference}`);
  const version = await caseVersion(officer);
  const post = await bluebird.request.post(`/cases/${filed.reference}`, {
    form: { intent: "acknowledge", version: String(version) },
    maxRedirects: 0,
  });
  expect(post.status()).toBe(404);
  await expectUntouched(officer, filed.reference, version);

  await closeAll(northwind, bluebird, officer);
});

test("a complainant cannot open or write on someone else's complaint", async ({ browser, baseURL }) => {
  const first = await fileNorthwindCase(browser, baseURL, "first");
  const second = await fileNorthwindCase(browser, baseURL, "second");
  expect(second.reference).not.toBe(first.reference);
  const intruder = await complainantPage(browser, baseURL, second);
  const officer = await staffPage(browser, baseURL, DEMO.officer);

  const response = await intruder.goto(`/my/cases/${first.reference}`);
  expect(response?.status()).toBe(404);
  await expect(intruder.getByRole("heading", { name: "Not found" })).toBeVisible();

  await intruder.goto("/my");
  await expect(intruder.getByRole("link", { name: second.reference })).toBeVisible();
  await expect(intruder.getByRole("link", { name: first.reference })).toHaveCount(0);

  await officer.goto(`/cases/${first.reference}`);
  const version = await caseVersion(officer);
  const post = await intruder.request.post(`/my/cases/${first.reference}`, {
    form: { intent: "post_message", version: String(version), body: "Written into someone else's case" },
    maxRedirects: 0,
  });
  expect(post.status()).toBe(404);
  const withdraw = await intruder.request.post(`/my/cases/${first.reference}`, {
    form: { intent: "withdraw", version: String(version) },
    maxRedirects: 0,
  });
  expect(withdraw.status()).toBe(404);
  await expectUntouched(officer, first.reference, version);

  await closeAll(intruder, officer);
});

test("a complainant is refused the staff pages, and a signed-out visitor is sent to sign in", async ({ browser, baseURL }) => {
  const filed = await fileNorthwindCase(browser, baseURL, "refused");
  const complainant = await complainantPage(browser, baseURL, filed);
  const officer = await staffPage(browser, baseURL, DEMO.officer);
  await officer.goto(`/cases/${filed.reference}`);
  const version = await caseVersion(officer);

  for (const path of [`/cases/${filed.reference}`, "/cases"]) {
    const response = await complainant.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(complainant.getByText("This page is not available to your account.")).toBeVisible();
  }
  const post = await complainant.request.post(`/cases/${filed.reference}`, {
    form: { intent: "acknowledge", version: String(version) },
    maxRedirects: 0,
  });
  expect(post.status()).toBe(403);
  await expectUntouched(officer, filed.reference, version);

  const visitorContext = await browser.newContext({ baseURL });
  const visitor = await visitorContext.newPage();
  await visitor.goto(`/cases/${filed.reference}`);
  await expect(visitor).toHaveURL(`/login?next=${encodeURIComponent(`/cases/${filed.reference}`)}`);
  await expect(visitor.getByRole("heading", { name: "Staff sign-in" })).toBeVisible();
  await visitor.goto(`/my/cases/${filed.reference}`);
  await expect(visitor).toHaveURL(`/signin?next=${encodeURIComponent(`/my/cases/${filed.reference}`)}`);
  await expect(visitor.getByRole("heading", { name: "Follow your complaint" })).toBeVisible();
  const anonymousPost = await visitor.request.post(`/cases/${filed.reference}`, {
    form: { intent: "acknowledge", version: String(version) },
    maxRedirects: 0,
  });
  expect(anonymousPost.status()).toBe(302);
  expect(anonymousPost.headers()["location"]).toMatch(/^\/login\?next=/);
  await expectUntouched(officer, filed.reference, version);

  await closeAll(complainant, officer, visitor);
});

test("a write from another site is refused and changes nothing", async ({ browser, baseURL }) => {
  const filed = await fileNorthwindCase(browser, baseURL, "csrf");
  const officer = await staffPage(browser, baseURL, DEMO.officer);
  await officer.goto(`/cases/${filed.reference}`);
  const version = await caseVersion(officer);

  const foreignOrigin = await officer.request.post(`/cases/${filed.reference}`, {
    form: { intent: "acknowledge", version: String(version) },
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(foreignOrigin.status()).toBe(403);
  expect(await foreignOrigin.text()).toContain("Refused: this request came from another site.");

  const crossSite = await officer.request.post(`/cases/${filed.reference}`, {
    form: { intent: "post_message", version: String(version), body: "Planted by another site", audience: "parties" },
    headers: { "Sec-Fetch-Site": "cross-site" },
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);

  const nullOrigin = await officer.request.post(`/cases/${filed.reference}`, {
    form: { intent: "acknowledge", version: String(version) },
    headers: { Origin: "null" },
    maxRedirects: 0,
  });
  expect(nullOrigin.status()).toBe(403);

  await expectUntouched(officer, filed.reference, version);
  await expect(officer.getByText("Planted by another site")).toHaveCount(0);

  // The same request from our own origin goes through: the refusals above were about the origin.
  const sameOrigin = await officer.request.post(`/cases/${filed.reference}`, {
    form: { intent: "acknowledge", version: String(version) },
    headers: { Origin: new URL(officer.url()).origin },
    maxRedirects: 0,
  });
  expect(sameOrigin.status()).toBe(303);

  await closeAll(officer);
});

test("a malformed case reference is a 400", async ({ browser, baseURL }) => {
  const officer = await staffPage(browser, baseURL, DEMO.officer);
  for (const path of ["/cases/not-a-ref", "/cases/ps-2026-000001", "/cases/PS-2026-1"]) {
    const response = await officer.goto(path);
    expect(response?.status(), path).toBe(400);
    await expect(officer.getByText("That is not a case reference.")).toBeVisible();
  }
  const post = await officer.request.post("/cases/not-a-ref", { form: { intent: "acknowledge", version: "1" }, maxRedirects: 0 });
  expect(post.status()).toBe(400);
  // Well-formed but unknown is a 404, not a 400.
  expect((await officer.goto("/cases/PS-1999-999999"))?.status()).toBe(404);
  // Shown by the page's own error boundary, inside the app: the officer's header and navigation stay.
  await expect(officer.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(officer.locator("header.site").getByRole("link", { name: "Triage" })).toBeVisible();
  await closeAll(officer);
});

test("hostile or malformed case forms are a 400 and change nothing", async ({ browser, baseURL }) => {
  const filed = await fileNorthwindCase(browser, baseURL, "hostile");
  const officer = await staffPage(browser, baseURL, DEMO.officer);
  await officer.goto(`/cases/${filed.reference}`);
  const version = String(await caseVersion(officer));

  const hostile: Array<Record<string, string>> = [
    { intent: "drop_table_cases", version },
    { intent: "acknowledge", version: "abc" },
    { intent: "acknowledge", version: "-1" },
    { intent: "acknowledge", version: "1.5" },
    { intent: "acknowledge" },
    { version },
    { intent: "answer", version, body: "   " },
    { intent: "post_message", version, body: "Who reads this?", audience: "everyone" },
    { intent: "post_message", version, body: "Sent how?", audience: "internal", channel: "pigeon" },
    { intent: "close", version, kind: "because_i_can", reason: "No reason" },
    { intent: "record_award", version, remedies: "a_yacht", body: "An award" },
    { intent: "assign", version, clientId: "'; drop table cases; --", liaisonId: "" },
    { intent: "extend_deadline", version, kind: "response", dueAt: "next week", reason: "More time" },
  ];
  for (const form of hostile) {
    const response = await officer.request.post(`/cases/${filed.reference}`, { form, maxRedirects: 0 });
    expect(response.status(), JSON.stringify(form)).toBe(400);
  }
  await expectUntouched(officer, filed.reference, Number(version));
  await closeAll(officer);
});

test("acting on a version that is no longer current says so and changes nothing", async ({ browser, baseURL }) => {
  const filed = await fileNorthwindCase(browser, baseURL, "stale");
  const officer = await staffPage(browser, baseURL, DEMO.officer);
  const caseUrl = `/cases/${filed.reference}`;
  await officer.goto(caseUrl);
  const seen = await caseVersion(officer);

  // Through the request API: the first post with the version goes through, the second is stale.
  const first = await officer.request.post(caseUrl, { form: { intent: "acknowledge", version: String(seen) }, maxRedirects: 0 });
  expect(first.status()).toBe(303);
  expect(first.headers()["location"]).toBe(caseUrl);
  const stale = await officer.request.post(caseUrl, {
    form: { intent: "post_message", version: String(seen), body: "A note written on a stale page", audience: "internal" },
    maxRedirects: 0,
  });
  expect(stale.status()).toBe(409);
  expect(await stale.text()).toContain(CONFLICT);
  await officer.goto(caseUrl);
  expect(await caseVersion(officer)).toBe(seen + 1);
  await expect(officer.getByText("A note written on a stale page")).toHaveCount(0);

  // Through two pages: the second page's answer meets a case the first page already changed.
  const other = await officer.context().newPage();
  await other.goto(caseUrl);
  const notes = await openSection(officer, "Write a message, note, or log a letter or call");
  await fieldIn(notes, "Message").fill("Noted in the first tab");
  await notes.getByRole("button", { name: "Save", exact: true }).click();
  await expect(officer.getByRole("status")).toHaveText("Your message was saved.");

  const answer = await openSection(other, "Give an answer");
  await fieldIn(answer, "Answer to the complainant").fill("An answer from the second tab");
  await answer.getByRole("button", { name: "Send the answer" }).click();
  await expect(other.getByRole("alert").filter({ hasText: CONFLICT }).first()).toBeVisible();
  await other.goto(caseUrl);
  expect(await caseVersion(other)).toBe(seen + 2);
  await expect(other.getByText("Noted in the first tab")).toBeVisible();
  await expect(other.getByText("An answer from the second tab")).toHaveCount(0);
  await expect(other.locator(".badge", { hasText: "In progress" })).toBeVisible();

  await closeAll(officer);
});

test("sending the same complaint form twice files one case", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const email = uniqueEmail("twice");
  // A second complaint for a known address waits for its owner's confirmation (held filing), so the
  // concurrent pair below uses an address of its own.
  const email2 = uniqueEmail("twice-again");

  const formFor = async (address = email) => {
    await page.goto("/complain");
    await chooseCompany(page, "Northwind Outfitters");
    const organization = await page.getByRole("radio", { name: "Northwind Outfitters", exact: true }).getAttribute("value");
    return {
      submissionKey: await page.locator('input[name="submissionKey"]').inputValue(),
      organization: organization ?? "",
      category: "opt_out",
      description: "Sent twice by a double click.",
      desiredOutcome: "Stop the mailings.",
      country: "FR",
      name: "Double Clicker",
      email: address,
    };
  };

  // One after the other.
  const form = await formFor();
  const once = await page.request.post("/complain", { form, maxRedirects: 0 });
  const again = await page.request.post("/complain", { form, maxRedirects: 0 });
  expect(once.status()).toBe(302);
  expect(again.status()).toBe(302);
  const location = once.headers()["location"];
  expect(location).toMatch(/^\/complain\/received\/PS-\d{4}-\d{6}$/);
  expect(again.headers()["location"]).toBe(location);

  // Both at once, with a fresh form.
  const form2 = await formFor(email2);
  const [a, b] = await Promise.all([
    page.request.post("/complain", { form: form2, maxRedirects: 0 }),
    page.request.post("/complain", { form: form2, maxRedirects: 0 }),
  ]);
  expect(a.status()).toBe(302);
  expect(b.status()).toBe(302);
  expect(a.headers()["location"]).toBe(b.headers()["location"]);
  expect(a.headers()["location"]).not.toBe(location);

  // One acknowledgement per case reached the person (the queue sends them within moments).
  const first = location!.split("/").at(-1)!;
  const second = a.headers()["location"]!.split("/").at(-1)!;
  await waitForMail(mailDir(), { to: email, subjectIncludes: `[${first}]` });
  await waitForMail(mailDir(), { to: email2, subjectIncludes: `[${second}]` });
  // Everything queued for the two addresses has been sent: a duplicate would be in the folder now.
  await mailSent({ to: email });
  await mailSent({ to: email2 });
  const acknowledgements = [...(await mailsTo(email)), ...(await mailsTo(email2))].filter((m) => m.text.includes("We have received your complaint"));
  expect(acknowledgements.map((m) => m.subject).sort()).toEqual(
    [first, second].sort().map((r) => `Privacy Inquiry [${r}]`),
  );

  await context.close();
});
