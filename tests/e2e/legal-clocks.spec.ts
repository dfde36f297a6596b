import type { Page } from "@playwright/test";
import pg from "pg";
import {
  DEMO,
  PATIENT,
  SEVERAL_PEOPLE_MS,
  acknowledgementMail,
  act,
  mailSent,
  expect,
  fieldIn,
  fileComplaintThroughForm,
  mailsTo,
  newParty,
  openSection,
  caseOpened,
  ownerQuery,
  signInStaff,
  signInWithMailedLink,
  test,
  uniqueEmail,
} from "./fixtures";

// Clocks on the case pages, and the deadline sweep acting on a breached one. The sweep is driven
// the way a test can reach it and nobody outside can: a deadline moved into the past in the
// database, then a `deadline_sweep` job added to the queue the app's own worker runs.

test.describe.configure({ mode: "serial" });
test.use(PATIENT);

function database(): pg.Client {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run through playwright.config.ts (global-setup.ts)");
  return new pg.Client({ connectionString: url });
}

/** The row of the "Deadlines at this step" table for one deadline. */
function deadlineRow(page: Page, label: string) {
  return page.locator("table.data tbody tr").filter({ has: page.locator('td[data-label="Deadline"]', { hasText: label }) });
}

test("a request for information pauses the answer clock on the case page, and the reply resumes it", async ({ browser, baseURL }) => {
  test.setTimeout(SEVERAL_PEOPLE_MS);
  const email = uniqueEmail("clocks");
  const complainant = await newParty(browser, baseURL);
  const officer = await newParty(browser, baseURL);
  const reference = await fileComplaintThroughForm(complainant, { organization: "Northwind Outfitters", name: "Clara Clock", email });

  await signInStaff(officer, DEMO.officer, DEMO.password);
  await officer.goto(`/cases/${reference}`);
  // 45 calendar days from the first working day of receipt in New York: today, or up to four days
  // later after a weekend, a holiday or the 17:00 cut-off (ADR 011). A same-day pause gives nothing back.
  await expect(deadlineRow(officer, "Answer").locator('td[data-label="State"]')).toHaveText(/^due in (4[5-9]) days$/);
  const running = (await deadlineRow(officer, "Answer").locator('td[data-label="State"]').textContent())!.trim();
  await act(officer, "Acknowledge the complaint", "The complaint is acknowledged.");
  await fieldIn(await openSection(officer, "Ask the complainant for information"), "Your question").fill("Which postal address do we have for you?");
  await officer.getByRole("button", { name: "Send the question", exact: true }).click();
  await expect(deadlineRow(officer, "Answer").locator('td[data-label="State"]')).toHaveText("paused");
  await expect(officer.getByText(/Waiting since .* for the complainant's reply to a request for information/)).toBeVisible();

  await signInWithMailedLink(complainant, await acknowledgementMail(email, reference));
  await complainant.goto(`/my/cases/${reference}`);
  await expect(deadlineRow(complainant, "Answer").locator('td[data-label="State"]')).toHaveText("paused");
  await expect(complainant.getByText("The time limit is paused until you do.")).toBeVisible();
  await fieldIn(complainant.locator("section", { has: complainant.getByRole("heading", { name: "Write to us" }) }), "Your message").fill("It is Hauptstrasse 1, Berlin.");
  await complainant.getByRole("button", { name: "Send", exact: true }).click();
  await expect(deadlineRow(complainant, "Answer").locator('td[data-label="State"]')).toHaveText(running);

  await officer.goto(`/cases/${reference}`);
  await expect(deadlineRow(officer, "Answer").locator('td[data-label="State"]')).toHaveText(running);
  await expect(officer.getByText(/Waiting since/)).toHaveCount(0);
});

test("a breached deadline produces exactly one alert mail to the officer, and the complainant may escalate", async ({ browser, baseURL }) => {
  test.setTimeout(3 * SEVERAL_PEOPLE_MS);
  const email = uniqueEmail("breach");
  const complainant = await newParty(browser, baseURL);
  const reference = await fileComplaintThroughForm(complainant, { organization: "Northwind Outfitters", name: "Bruno Breach", email });
  await caseOpened(reference);
  const db = database();
  await db.connect();
  try {
    // The acknowledgement was due two days ago and nobody acknowledged.
    const moved = await db.query(
      `update case_deadlines set due_at = now() - interval '2 days', starts_at = now() - interval '7 days'
       where kind = 'acknowledgement' and case_id = (select id from cases where reference = $1)`,
      [reference],
    );
    expect(moved.rowCount, "the acknowledgement clock moved into the past").toBe(1);
    await db.query(
      `update cases set next_due_at = (select min(due_at) from case_deadlines d where d.case_id = cases.id and d.met_at is null and d.paused_at is null)
       where reference = $1`,
      [reference],
    );
    const sweep = async () => {
      const { rows } = await db.query<{ id: string }>(`select (graphile_worker.add_job('deadline_sweep')).id::text as id`);
      // Done when the app's worker has taken the job off the queue.
      await expect
        .poll(async () => (await db.query(`select 1 from graphile_worker.jobs where id = $1`, [rows[0]!.id])).rowCount, { timeout: 30_000 })
        .toBe(0);
    };
    await sweep();
    // Every mail of a case has the subject "Privacy Inquiry [REFERENCE]"; the words tell them apart.
    const alerts = async () => (await mailsTo(DEMO.officer)).filter((m) => m.subject.includes(`[${reference}]`) && m.text.includes("A deadline has passed"));
    // The alert is queued by the sweep, then sent by the mail worker behind whatever earlier tests
    // queued (CI on a busy machine): wait for each part on its own, so a failure says which.
    const breachQueued = async () =>
      Number((await ownerQuery<{ n: string }>(`select count(*) as n from mail_deliveries d join cases c on c.id = d.case_id where c.reference = $1 and d.template = 'deadline_breached'`, [reference]))[0]!.n);
    await expect.poll(breachQueued, { message: "the sweep queued the breach alert", timeout: 60_000 }).toBeGreaterThan(0);
    await mailSent({ reference }, 90_000);
    await expect.poll(async () => (await alerts()).length, { timeout: 30_000 }).toBe(1);
    await expect
      .poll(async () => (await mailsTo(email)).filter((m) => m.subject.includes(`[${reference}]`) && m.text.includes("You may take your complaint further")).length, { timeout: 30_000 })
      .toBe(1);

    // A second sweep (a restart, another worker) sends nothing again.
    await sweep();
    // Whatever the second sweep queued for the case has been sent by now.
    await mailSent({ reference });
    expect(await alerts()).toHaveLength(1);
  } finally {
    await db.end();
  }

  await signInWithMailedLink(complainant, await acknowledgementMail(email, reference));
  await complainant.goto(`/my/cases/${reference}`);
  await expect(complainant.getByText("You may take your complaint to the next step now: Our Security Officer.")).toBeVisible();
});
