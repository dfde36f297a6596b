import {
  DEMO,
  acknowledgementMail,
  act,
  expect,
  fieldIn,
  fileComplaintThroughForm,
  newParty,
  openSection,
  signInStaff,
  signInWithMailedLink,
  test,
  uniqueEmail,
  PATIENT,
} from "./fixtures";

// Issue 10, part 2: the complainant's page says who holds the case, what happens next and by
// when, and shows the answer in a card of its own above accept and reject; the public form
// finds a company by search and takes "I don't know", with and without JavaScript.

test.describe.configure({ mode: "serial" });
test.use(PATIENT);

test("a complaint about a searched company: the company's name, the next step, then the answer card above accept", async ({ browser, baseURL }) => {
  const email = uniqueEmail("guide-search");
  const complainant = await newParty(browser, baseURL);
  const reference = await fileComplaintThroughForm(complainant, { organization: "Northwind Outfitters", name: "Greta Guide", email, category: "Stop promotional correspondence (opt out)" });
  await signInWithMailedLink(complainant, await acknowledgementMail(email, reference));
  await complainant.goto(`/my/cases/${reference}`);

  await expect(complainant.getByText("Step 1 of 4: Client company")).toBeVisible();
  await expect(complainant.getByText("Your case is with Northwind Outfitters.")).toBeVisible();
  await expect(complainant.getByTestId("next-step")).toHaveText(/^We expect the client company to confirm that they have received your complaint by \d{1,2} \w+ \d{4}\.$/);

  const answer = "We removed your address from every list on 2 May and told our printer.";
  const officer = await newParty(browser, baseURL);
  await signInStaff(officer, DEMO.officer, DEMO.password);
  await officer.goto(`/cases/${reference}`);
  await fieldIn(await openSection(officer, "Give an answer"), "Answer to the complainant").fill(answer);
  await act(officer, "Send the answer", "Your answer was sent.");

  await complainant.goto(`/my/cases/${reference}`);
  const card = complainant.locator("section.answer-card");
  await expect(card.getByRole("heading", { name: "The answer", level: 2 })).toBeVisible();
  await expect(card.locator(".answer-body")).toHaveText(answer);
  await expect(card).toContainText("(the client company)");
  // Accept and reject sit in the answer's own card, right below its text.
  await expect(card.getByRole("button", { name: "Accept the answer" })).toBeVisible();
  await expect(card.getByText("I do not accept the answer")).toBeVisible();
  await expect(complainant.getByTestId("next-step")).toHaveText(
    "You have an answer. Please read it, then accept or reject it. If you reject it, you may take your complaint to the next step: Our Security Officer.",
  );
  // The timeline is latest first: the answer comes before the filing.
  const lines = complainant.locator("#timeline > li");
  await expect(lines.first()).toContainText(answer);
  await expect(lines.last()).toContainText("You made your complaint");
});

test("without JavaScript: the search keeps every field, and 'I don't know' starts the case with the operator", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  const email = uniqueEmail("guide-nojs");
  await page.goto("/complain");
  await page.getByLabel("Your name").fill("Nils Noscript");
  await page.getByLabel("What happened?").fill("A company I cannot name keeps writing to me.");
  await page.getByLabel("Search for a company").fill("northwind");
  await page.getByRole("button", { name: "Find the company" }).click();
  await expect(page.getByRole("status")).toHaveText("One company matches “northwind”:");
  await expect(page.getByRole("radio", { name: "Northwind Outfitters", exact: true })).toBeVisible();
  // The search was a POST: nothing typed went into the address, and the form came back filled in.
  expect(new URL(page.url()).search).toBe("");
  await expect(page.getByLabel("Your name")).toHaveValue("Nils Noscript");
  await expect(page.getByLabel("What happened?")).toHaveValue("A company I cannot name keeps writing to me.");

  const reference = await fileComplaintThroughForm(page, {
    organization: "I don't know / another company",
    name: "Nils Noscript",
    email,
    description: "A company I cannot name keeps writing to me.",
  });
  await signInWithMailedLink(page, await acknowledgementMail(email, reference));
  await page.goto(`/my/cases/${reference}`);
  await expect(page.getByText("Step 2 of 4: Our Security Officer")).toBeVisible();
  await expect(page.getByText("Your case is with Customer Portfolios, LLC.")).toBeVisible();
  await expect(page.getByTestId("next-step")).toHaveText(/^We expect our Security Officer to confirm that they have received your complaint by /);
  await context.close();
});
