import {
  DEMO,
  acknowledgementMail,
  caseVersion,
  expect,
  fieldIn,
  fileComplaintThroughForm,
  notice,
  openSection,
  section,
  signInStaff,
  test,
  uniqueEmail,
} from "./fixtures";

// Every form works without JavaScript: plain HTML form posts and server-rendered answers.

test.use({ javaScriptEnabled: false, actionTimeout: 15_000, navigationTimeout: 15_000 });

test("the complaint form files a case without JavaScript", async ({ page }) => {
  const email = uniqueEmail("nojs");
  const reference = await fileComplaintThroughForm(page, { organization: "Bluebird Travel", name: "Noscript Person", email });
  await expect(page.getByRole("heading", { name: "We have received your complaint" })).toBeVisible();
  const mail = await acknowledgementMail(email, reference);
  expect(mail.subject).toBe(`Privacy Inquiry [${reference}]`);
  expect(mail.text).toContain("We have received your complaint");
});

test("an empty complaint comes back as a 400 page with an error at every required field", async ({ page }) => {
  await page.goto("/complain");
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/complain");
  await page.getByRole("button", { name: "Send my complaint" }).click();
  const response = await answered;
  const refusal = response.status() === 400 ? "" : (await response.text()).slice(0, 300);
  expect(response.status(), `POST /complain without JavaScript: ${refusal}`).toBe(400);
  await page.waitForLoadState("domcontentloaded");

  await expect(page.getByRole("alert")).toHaveText("Please correct the fields marked below.");
  const expected: Array<[string, string]> = [
    ["What is it about?", "Choose what your complaint is about."],
    ["What happened?", "Enter what happened."],
    ["What outcome do you want?", "Enter the outcome you want."],
    ["Country where you live", "Choose your country of residence."],
    ["Your name", "Enter your name."],
    ["Your e-mail address", "Enter an e-mail address like name@example.com."],
  ];
  for (const [label, error] of expected) {
    const control = page.getByLabel(label, { exact: true });
    await expect(control, label).toHaveAttribute("aria-invalid", "true");
    await expect(control, label).toHaveAccessibleDescription(new RegExp(error.replace(/[.?]/g, "\\$&")));
  }
  // The company is a group of radio buttons: the group carries the error.
  await expect(page.getByRole("group", { name: "Which company is the complaint about?" })).toHaveAccessibleDescription(/Choose the organization your complaint is about\./);
  const optional = page.getByLabel("Earlier contact with the company (optional)");
  await expect(optional).toHaveAttribute("aria-invalid", "false");

  // What was typed survives a refused submission; only the faulty fields are marked.
  await page.getByLabel("Your name").fill("Half Filled");
  await page.getByLabel("What happened?").fill("Something happened.");
  await page.getByRole("button", { name: "Send my complaint" }).click();
  await expect(page.getByRole("alert")).toHaveText("Please correct the fields marked below.");
  await expect(page.getByLabel("Your name")).toHaveValue("Half Filled");
  await expect(page.getByLabel("Your name")).toHaveAttribute("aria-invalid", "false");
  await expect(page.getByLabel("What happened?")).toHaveValue("Something happened.");
  await expect(page.getByLabel("Your e-mail address")).toHaveAttribute("aria-invalid", "true");
});

test("staff sign in and acknowledge and answer a case without JavaScript", async ({ page }) => {
  const reference = await fileComplaintThroughForm(page, {
    organization: "Northwind Outfitters",
    name: "Noscript Complainant",
    email: uniqueEmail("nojs-staff"),
  });

  await signInStaff(page, DEMO.northwindLiaison, DEMO.password);
  await expect(page).toHaveURL("/cases");
  await page.getByRole("link", { name: reference }).click();
  await expect(page).toHaveURL(`/cases/${reference}`);
  const version = await caseVersion(page);

  await page.getByRole("button", { name: "Acknowledge the complaint" }).click();
  await expect(page).toHaveURL(`/cases/${reference}`);
  await expect(notice(page)).toHaveText("The complaint is acknowledged.");
  await expect(page.locator(".badge", { hasText: "In progress" })).toBeVisible();
  expect(await caseVersion(page)).toBe(version + 1);

  // <details> opens natively; the answer goes through a plain form post too.
  const answer = await openSection(page, "Give an answer");
  await fieldIn(answer, "Answer to the complainant").fill("Answered without any JavaScript.");
  // A request to see, correct or remove data needs a verified identity, unless the answer declines it.
  const declines = answer.getByLabel(/This answer declines the request/);
  if (await declines.count()) await declines.check();
  await answer.getByRole("button", { name: "Send the answer" }).click();
  await expect(notice(page)).toHaveText("Your answer was sent.");
  await expect(page.getByText("Answered without any JavaScript.")).toBeVisible();
  await expect(page.locator(".badge", { hasText: "Answered" })).toBeVisible();
});

test("a refused staff action without JavaScript says why and keeps what was typed", async ({ page }) => {
  const reference = await fileComplaintThroughForm(page, {
    organization: "Northwind Outfitters",
    name: "Noscript Deadline",
    email: uniqueEmail("nojs-refused"),
  });
  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.goto(`/cases/${reference}`);
  const version = await caseVersion(page);

  const extend = await openSection(page, "Extend a deadline");
  await fieldIn(extend, "New due date").fill("2020-01-01");
  await fieldIn(extend, "Reason").fill("The client asked for more time in writing.");
  await extend.getByRole("button", { name: "Extend" }).click();

  const again = section(page, "Extend a deadline");
  await expect(again.getByRole("alert")).toContainText("later");
  await expect(fieldIn(again, "Reason")).toHaveValue("The client asked for more time in writing.");
  await expect(fieldIn(again, "New due date")).toHaveValue("2020-01-01");
  expect(await caseVersion(page)).toBe(version);
});
