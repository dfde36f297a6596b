import { waitForMail } from "../support/mailbox";
import { LOCALES } from "../../app/i18n";
import {
  DEMO,
  acknowledgementMail,
  act,
  caseVersion,
  expect,
  fieldIn,
  fillOutsideStep,
  fileComplaintThroughForm,
  mailDir,
  mailsTo,
  newParty,
  notice,
  openSection,
  say,
  signInStaff,
  signInWithMailedLink,
  test,
  uniqueEmail,
} from "./fixtures";

// One complaint climbs the whole ladder: client company → Customer Portfolios → dispute body →
// binding arbitration, with the complainant, the Northwind liaison and the Security Officer each
// in a browser context of their own. Once in each language the complainant may choose (issue 10):
// the complainant's pages and mail in that language, the staff pages in English.

test.describe.configure({ mode: "serial" });
test.use({ actionTimeout: 15_000, navigationTimeout: 15_000 });

for (const lang of LOCALES) {
  test(`a complaint climbs the ladder to binding arbitration and is resolved (complainant in ${lang})`, async ({ browser, baseURL }) => {
    test.setTimeout(180_000);
    const email = uniqueEmail(`journey-${lang}`);
    /** The complainant's words, in their language. */
    const t = (key: Parameters<typeof say>[1], values?: Parameters<typeof say>[2]) => say(lang, key, values);
    const status = (s: "awaiting_acknowledgement" | "answered" | "resolved") => t("case.status.line", { status: t(`case.status.${s}`) });
    const escalateTo = (stage: "company" | "dma" | "arbitration") => t("case.escalate.submit", { name: t(`steps.${stage}.name`) });
    const rejected = t("flash.case.reject_answer");
    const moved = t("flash.case.escalate.complainant");
    const answerAtClient = "Northwind answer: we removed you from the catalogue list on 2 May.";
    const answerAtCompany = "Customer Portfolios answer: the client's records show no further mailings are planned.";
    const dmaOutcome = "The DMA found that the data was not fully deleted and recommended deletion.";
    const liaisonNote = "Staff-only note from Northwind: check the old CRM export before answering.";
    const officerNote = "Internal note from the officer: legal reviewed the file, no litigation hold.";
    const awardSummary = "The panel orders deletion of all of the complainant's data within 30 days.";

    const complainant = await newParty(browser, baseURL);
    await complainant.context().addCookies([{ name: "recourse_lang", value: lang, url: baseURL! }]);
    const liaison = await newParty(browser, baseURL);
    const officer = await newParty(browser, baseURL);

    // --- The complainant files about Northwind Outfitters and signs in from the acknowledgement.
    const reference = await fileComplaintThroughForm(complainant, {
      organization: "Northwind Outfitters",
      name: "Erika Journey",
      email,
      // A request that needs no identity verification (that rule has its own tests), so the ladder is walked as before.
      category: t("complain.category.opt_out"),
      earlierContact: "I wrote to Northwind's customer service on 1 March; no reply.",
    }, lang);
    expect(reference).toMatch(/^PS-\d{4}-\d{6}$/);
    const myCase = `/my/cases/${reference}`;
    const staffCase = `/cases/${reference}`;

    const ack = await acknowledgementMail(email, reference, lang);
    expect(ack.subject.startsWith("Privacy Inquiry")).toBe(true);
    expect(ack.subject).toContain(reference);
    await signInWithMailedLink(complainant, ack, lang);
    await expect(complainant).toHaveURL(myCase);
    await expect(complainant.locator("html")).toHaveAttribute("lang", lang);
    await expect(complainant.getByText(t("case.meta.title", { reference }))).toBeVisible();
    await expect(complainant.getByText(status("awaiting_acknowledgement"))).toBeVisible();
    // Why the case cannot move up yet, in the complainant's language too (not the domain's English).
    const notYet = t("case.escalate.notYet", { reason: "" }).trim();
    await expect(complainant.locator("main").getByText(notYet, { exact: false })).toBeVisible();
    if (lang !== "en") await expect(complainant.locator("main")).not.toContainText("You can move this case");
    // The deadline table and how each deadline was worked out, in the complainant's language too.
    const deadlines = complainant.getByRole("region", { name: t("deadlines.region") });
    await expect(deadlines.getByRole("columnheader", { name: t("deadlines.col.how") })).toBeVisible();
    await expect(deadlines.getByRole("cell", { name: t("deadlines.kind.acknowledgement"), exact: true })).toBeVisible();
    await expect(deadlines).toContainText(t("deadlines.explain.rule", { rule: t("deadlines.rule.response", { principles: "Privacy Shield" }) }));
    if (lang !== "en") await expect(deadlines).not.toContainText(/working days? after|calendar days from|end of day/);

    // --- The Northwind liaison finds it in the queue, acknowledges, writes a staff-only note, answers.
    await signInStaff(liaison, DEMO.northwindLiaison, DEMO.password);
    await liaison.goto("/cases");
    await liaison.getByRole("link", { name: reference }).click();
    await expect(liaison).toHaveURL(staffCase);
    await act(liaison, "Acknowledge the complaint", "The complaint is acknowledged.");

    const liaisonWrites = await openSection(liaison, "Write a message or a staff-only note");
    await fieldIn(liaisonWrites, "Who can read it").selectOption("staff");
    await fieldIn(liaisonWrites, "Message").fill(liaisonNote);
    await act(liaison, "Save", "Your message was saved.");
    await expect(liaison.getByText(liaisonNote)).toBeVisible();

    await fieldIn(await openSection(liaison, "Give an answer"), "Answer to the complainant").fill(answerAtClient);
    await act(liaison, "Send the answer", "Your answer was sent.");

    // --- The complainant reads the answer (but not the staff note), rejects it and escalates.
    await complainant.goto(myCase);
    await expect(complainant.getByText(status("answered"))).toBeVisible();
    await expect(complainant.locator("section.answer-card").getByText(answerAtClient)).toBeVisible();
    await expect(complainant.getByText(liaisonNote)).toHaveCount(0);
    const rejecting = await openSection(complainant, t("case.decide.rejectSummary"));
    await fieldIn(rejecting, t("case.decide.why")).fill("My data is still in your catalogue list.");
    await act(complainant, t("case.decide.reject"), rejected);
    const escalatedAt = new Date();
    await act(complainant, escalateTo("company"), moved);
    // The mail about the move, in the case's language.
    const movedHeading = t("mail.case.stage.heading", { stage: t("steps.company.name") });
    const stageMail = await waitForMail(mailDir(), { to: email, subjectIncludes: `Privacy Inquiry [${reference}]`, textIncludes: movedHeading, after: escalatedAt });
    expect(stageMail.text).toContain(movedHeading);

    // --- The officer sees the liaison's note, writes an internal note, acknowledges and answers.
    await signInStaff(officer, DEMO.officer, DEMO.password);
    await officer.goto(staffCase);
    await expect(officer.getByText(liaisonNote)).toBeVisible();
    await act(officer, "Acknowledge the complaint", "The complaint is acknowledged.");
    const officerWrites = await openSection(officer, "Write a message, note, or log a letter or call");
    await fieldIn(officerWrites, "Who can read it").selectOption("internal");
    await fieldIn(officerWrites, "Message").fill(officerNote);
    await act(officer, "Save", "Your message was saved.");
    await expect(officer.getByText(officerNote)).toBeVisible();
    await fieldIn(await openSection(officer, "Give an answer"), "Answer to the complainant").fill(answerAtCompany);
    await act(officer, "Send the answer", "Your answer was sent.");

    // The liaison still follows the case, sees their own note, never the officer's internal one.
    await liaison.goto(staffCase);
    await expect(liaison.getByText(answerAtCompany)).toBeVisible();
    await expect(liaison.getByText(liaisonNote)).toBeVisible();
    await expect(liaison.getByText(officerNote)).toHaveCount(0);

    // --- The complainant rejects the company's answer and goes to the dispute body.
    await complainant.goto(myCase);
    await expect(complainant.locator("section.answer-card").getByText(answerAtCompany)).toBeVisible();
    await expect(complainant.getByText(liaisonNote)).toHaveCount(0);
    await expect(complainant.getByText(officerNote)).toHaveCount(0);
    await openSection(complainant, t("case.decide.rejectSummary"));
    await act(complainant, t("case.decide.reject"), rejected);
    await act(complainant, escalateTo("dma"), moved);

    // --- The officer records the dispute body's referral and its outcome.
    await officer.goto(staffCase);
    const referral = await openSection(officer, "Record the dispute body's referral");
    await fillOutsideStep(referral, "DMA-2026-0042");
    await referral.getByRole("button", { name: "Record the referral" }).click();
    await expect(notice(officer)).toHaveText("The dispute body's referral is recorded.");
    await fieldIn(await openSection(officer, "Record the dispute body's outcome"), "The dispute body's outcome").fill(dmaOutcome);
    await act(officer, "Record the outcome", "The dispute body's outcome is recorded.");

    // --- The complainant reads the outcome; the page fits a 320 px screen; reject and go to arbitration.
    await complainant.goto(myCase);
    await expect(complainant.locator("section.answer-card").getByText(dmaOutcome)).toBeVisible();
    await complainant.setViewportSize({ width: 320, height: 640 });
    await complainant.reload();
    await expect(complainant.locator("section.answer-card").getByText(dmaOutcome)).toBeVisible();
    const scrollWidth = await complainant.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, "the complainant's case page scrolls sideways at 320 px").toBeLessThanOrEqual(320);
    await complainant.setViewportSize({ width: 1280, height: 720 });
    await openSection(complainant, t("case.decide.rejectSummary"));
    await act(complainant, t("case.decide.reject"), rejected);
    await act(complainant, escalateTo("arbitration"), moved);

    // --- Arbitration: notice, prerequisites, a refused money award, the real award, compliance.
    await officer.goto(staffCase);
    await fillOutsideStep(await openSection(officer, "Record the arbitration notice"));
    await act(officer, "Record the notice", "The arbitration notice is recorded.");
    const prerequisites = await openSection(officer, "Check the arbitration prerequisites");
    await prerequisites.getByLabel("The complainant contacted the company first").check();
    await prerequisites.getByLabel("The complainant then went to the dispute body").check();
    await act(officer, "Record the prerequisites check", "The arbitration prerequisites check is recorded.");

    const versionBeforeAward = await caseVersion(officer);
    let award = await openSection(officer, "Record the arbitration award");
    await award.getByLabel("deletion", { exact: true }).check();
    await fieldIn(award, "Summary of the award").fill(awardSummary);
    await fieldIn(award, "Money awarded, if the award names any").fill("500");
    await fillOutsideStep(award);
    await officer.getByRole("button", { name: "Record the award" }).click();
    await expect(officer.getByRole("alert")).toContainText("Binding arbitration gives no monetary award");
    // Nothing was recorded: same version, no award on the page, the award form still offered.
    await officer.goto(staffCase);
    expect(await caseVersion(officer)).toBe(versionBeforeAward);
    await expect(officer.getByText("Award:")).toHaveCount(0);
    await expect(officer.getByText("Arbitration award recorded")).toHaveCount(0);

    award = await openSection(officer, "Record the arbitration award");
    await award.getByLabel("deletion", { exact: true }).check();
    await fieldIn(award, "Summary of the award").fill(awardSummary);
    await fieldIn(award, "Money awarded, if the award names any").fill("");
    await fillOutsideStep(award);
    await act(officer, "Record the award", "The award is recorded.");
    await expect(officer.getByText(`Award: deletion — ${awardSummary}`)).toBeVisible();
    await act(officer, "Confirm the award was complied with", "Compliance with the award is recorded; the case is resolved.");

    // The officer sees both notes; the liaison only their own.
    await expect(officer.getByText(liaisonNote)).toBeVisible();
    await expect(officer.getByText(officerNote)).toBeVisible();
    await liaison.goto(staffCase);
    await expect(liaison.getByText(liaisonNote)).toBeVisible();
    await expect(liaison.getByText(officerNote)).toHaveCount(0);

    // --- The complainant sees the case resolved, and never saw either note (page or mail).
    await complainant.goto(myCase);
    await expect(complainant.getByText(status("resolved"))).toBeVisible();
    await expect(complainant.getByText(liaisonNote)).toHaveCount(0);
    await expect(complainant.getByText(officerNote)).toHaveCount(0);
    for (const stage of ["company", "dma", "arbitration"] as const) await expect(complainant.getByRole("button", { name: escalateTo(stage) })).toHaveCount(0);
    for (const mail of await mailsTo(email)) {
      expect(mail.text + mail.html).not.toContain(liaisonNote);
      expect(mail.text + mail.html).not.toContain(officerNote);
    }

    for (const page of [complainant, liaison, officer]) await page.context().close();
  });
}
