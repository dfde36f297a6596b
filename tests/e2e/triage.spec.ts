import { randomInt } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { DEMO, caseOpened, expect, fileComplaintThroughForm, ownerQuery, signInStaff, test, uniqueEmail } from "./fixtures";

// Triage without JavaScript (issue 9, ADR 025): search, bulk owner, bulk close with a per-case
// report, and a saved filter, all through plain GET and POST forms.

test.use({ javaScriptEnabled: false, actionTimeout: 15_000, navigationTimeout: 15_000 });

const word = () => Array.from({ length: 12 }, () => String.fromCharCode(97 + randomInt(26))).join("");

test("the officer finds cases by a word, owns and closes them in bulk, and keeps the filter", async ({ page }) => {
  // Two filings through the form and a dozen posts: over 45 s on the shared 2-core machine at load 17.
  test.setTimeout(120_000);
  const marker = word();
  const description = `The ${marker} mailing list still sends me catalogues.`;
  const first = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name: "Triage One", email: uniqueEmail("triage1"), description });
  const second = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name: "Triage Two", email: uniqueEmail("triage2"), description });

  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.goto("/cases");
  await page.getByLabel("Search").fill(marker);
  await page.getByLabel("Sort by").selectOption({ label: "Opened" });
  await page.getByLabel("Order").selectOption({ label: "Ascending" });
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`q=${marker}`));
  const rows = page.locator("table.data tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(first);
  await expect(rows.nth(1)).toContainText(second);
  await expect(page.getByText("Oldest case first")).toBeVisible();

  // Without a client filter the owners are the officers; filtered by the client (its whole name
  // typed), its liaisons too (issue 5).
  const owner = page.getByLabel("New owner");
  await expect(page.getByText("Filter by a client to assign its liaisons.")).toBeVisible();
  await expect(owner.locator("option", { hasText: "liaison" })).toHaveCount(0);
  const clientField = page.getByLabel("Client", { exact: true });
  await clientField.fill("northwind outfitters");
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page).toHaveURL(/[?&]client=[0-9a-f-]{36}/);
  await expect(page).toHaveURL(new RegExp(`q=${marker}`));
  await expect(clientField).toHaveValue("Northwind Outfitters");
  await expect(rows).toHaveCount(2);
  await expect(page.getByText("Filter by a client to assign its liaisons.")).toHaveCount(0);

  // Bulk owner: both rows, the client's liaison.
  await page.getByLabel(`Select ${first}`).check();
  await page.getByLabel(`Select ${second}`).check();
  await owner.selectOption({ label: "Ravi Patel (liaison, Northwind Outfitters)" });
  const ownerName = "Ravi Patel";
  await page.getByRole("button", { name: "Set owner" }).click();
  await expect(page.getByRole("status")).toContainText(`2 cases assigned: ${first}, ${second}.`);
  await expect(rows.nth(0)).toContainText(ownerName);
  await expect(rows.nth(1)).toContainText(ownerName);
  // The case page names the new owner on its timeline (it once read "Owner removed (unassigned)").
  const queue = page.url();
  await page.goto(`/cases/${first}`);
  const timeline = page.locator("#timeline");
  await expect(timeline).toContainText(`Owner set to ${ownerName}`);
  await expect(timeline).not.toContainText("Owner removed");
  await page.goto(queue);

  // Bulk close: the first case, then both: the closed one is named, the other closes.
  await page.getByLabel(`Select ${first}`).check();
  await page.getByLabel("Close as").selectOption({ label: "duplicate" });
  await page.getByLabel("Reason for closing").fill("Filed twice by the same person.");
  await page.getByRole("button", { name: "Close selected" }).click();
  await expect(page.getByRole("status")).toContainText(`1 case closed: ${first}.`);
  await page.goto(`/cases?q=${marker}&status=all&sort=opened&dir=asc`);
  await page.getByLabel(`Select ${first}`).check();
  await page.getByLabel(`Select ${second}`).check();
  await page.getByLabel("Close as").selectOption({ label: "duplicate" });
  await page.getByLabel("Reason for closing").fill("Filed twice by the same person.");
  await page.getByRole("button", { name: "Close selected" }).click();
  await expect(page.getByRole("status")).toContainText(`1 case closed: ${second}.`);
  await expect(page.getByRole("status")).toContainText(`${first} was not closed: This case is closed.`);
  // A closed case's deadlines have stopped: no "due in" or "overdue" badge on its page.
  await page.goto(`/cases/${second}`);
  const deadlines = page.locator("section", { has: page.getByRole("heading", { name: "Deadlines" }) }).locator("tbody");
  await expect(deadlines.getByText(/stopped when the case was closed on/)).toHaveCount(2);
  await expect(deadlines).not.toContainText(/due in|due today|overdue/);
  await page.goto(`/cases?q=${marker}&status=all&sort=opened&dir=asc`);

  // Saved filter: listed beside the queue, opens the same view, deletable.
  const name = `Closed ${marker}`;
  await page.getByLabel("Save these filters as").fill(name);
  await page.getByRole("button", { name: "Save filter" }).click();
  await page.goto("/cases");
  await page.getByRole("link", { name }).click();
  await expect(page).toHaveURL(new RegExp(`q=${marker}`));
  await expect(rows).toHaveCount(2);
  await page.getByRole("button", { name: `Delete saved filter ${name}` }).click();
  await expect(page.getByRole("link", { name })).toHaveCount(0);
});

/**
 * axe's WCAG 2.2 A/AA findings (as accessibility.spec.ts checks them) on the page's address, opened
 * with the same session in a context with JavaScript, which axe needs (this file's pages have none).
 */
async function axeViolations(page: Page): Promise<string[]> {
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: true, storageState: await page.context().storageState() });
  try {
    const withJs = await context.newPage();
    await withJs.goto(page.url());
    const result = await new AxeBuilder({ page: withJs }).setLegacyMode(true).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).options({ resultTypes: ["violations"] }).analyze();
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} at ${n.target.join(" ")}`));
  } finally {
    await context.close();
  }
}

test("the officer's client filter searches the clients instead of listing every one (issue 5)", async ({ page }, testInfo) => {
  // Four axe checks, each in a page of its own: about 50 s at load 17 on the shared 2-core machine.
  test.setTimeout(150_000);
  const mark = word();
  const names = Array.from({ length: 60 }, (_, i) => `${mark} Trading ${String(i).padStart(2, "0")}`);
  await ownerQuery("insert into clients (name) select unnest($1::text[])", [names]);
  await signInStaff(page, DEMO.officer, DEMO.password);

  // The page's HTML (markup and loader data) at 60 more clients names none of them.
  const html = await (await page.request.get("/cases")).text();
  expect(html.match(/<option[\s>]/g)?.length ?? 0).toBeLessThan(60);
  expect(html).not.toContain(mark);

  const clientField = page.getByLabel("Client", { exact: true });
  const filter = () => page.getByRole("button", { name: "Filter", exact: true }).click();
  // Several: at most 20 listed as links that keep the other filters.
  await page.goto("/cases?status=all");
  await clientField.fill(`${mark} trading`);
  await filter();
  const found = page.getByRole("status").filter({ hasText: "whose name contains" });
  await expect(found).toContainText(`The first 20 clients whose name contains “${mark} trading”: choose one to filter by it, or type more of the name.`);
  await expect(found.getByRole("link")).toHaveCount(20);
  expect(await axeViolations(page)).toEqual([]);
  await found.getByRole("link", { name: names[3] }).click();
  await expect(page).toHaveURL(/status=all&.*client=[0-9a-f-]{36}/);
  await expect(clientField).toHaveValue(names[3]!);
  // "Any client" clears it.
  await page.getByRole("link", { name: "Any client" }).click();
  await expect(clientField).toHaveValue("");
  await expect(page).toHaveURL(/status=all/);
  await expect(page).not.toHaveURL(/[?&]client/);

  // One: filtered at once. None: said, and nothing filtered.
  await clientField.fill(`${mark} 42`);
  await filter();
  await expect(clientField).toHaveValue(names[42]!);
  await expect(page.locator("table.data tbody tr")).toHaveText(["No cases match."]);
  await clientField.fill(`zz${mark}`);
  await filter();
  await expect(page.getByRole("status").filter({ hasText: "No client's name contains" })).toHaveText(`No client's name contains “zz${mark}”. The queue is not filtered by client.`);
  // (The previous client's id comes back with the typed name, and the name wins.)
  await expect(page.getByRole("link", { name: "Any client" })).toHaveCount(0);
  await expect(page.locator("table.data tbody tr").first()).not.toHaveText("No cases match.");
  expect(await axeViolations(page)).toEqual([]);

  // A client with cases and a liaison, at a desktop's and a phone's width.
  await page.goto("/cases?client_name=Northwind+Outfitters");
  await expect(clientField).toHaveValue("Northwind Outfitters");
  await expect(page.getByLabel("New owner").locator("option", { hasText: "Ravi Patel (liaison, Northwind Outfitters)" })).toHaveCount(1);
  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("queue-client-1280.png"), fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: testInfo.outputPath("queue-client-360.png"), fullPage: true });
});

test("the counts beside the options follow the client, owner and deadline filters; search finds an address's beginning and a reference's number (ADR 050)", async ({ page }) => {
  // A filing through the form and a dozen pages: about 40 s at load 17 on the shared 2-core machine.
  test.setTimeout(120_000);
  const mark = word();
  const email = `counts.${mark}@example.eu`;
  const reference = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name: `Counts ${mark}`, email });
  await caseOpened(reference);
  // A client of its own, so that the figures are this test's alone; its deadline at the end of the
  // 7th calendar day from today in the operator's zone (the audit: such a case was "due in 7 days"
  // on its badge and missing from "Due within 7 days").
  const [client] = await ownerQuery<{ id: string }>("insert into clients (name) values ($1) returning id", [`${mark} Counting`]);
  const due = "(((now() at time zone z.zone)::date + 8)::timestamp at time zone z.zone) - interval '1 millisecond'";
  await ownerQuery(`update cases set client_id = $1, liaison_id = null, next_due_at = ${due} from clock_settings z where z.id = 1 and reference = $2`, [client!.id, reference]);
  await ownerQuery(`update case_deadlines d set due_at = ${due} from cases c, clock_settings z where z.id = 1 and c.id = d.case_id and c.reference = $1 and d.kind = 'acknowledgement'`, [reference]);

  await signInStaff(page, DEMO.officer, DEMO.password);
  const rows = page.locator("table.data tbody tr");
  const option = (label: string, value: string) => page.getByLabel(label, { exact: true }).locator(`option[value="${value}"]`);
  await page.goto(`/cases?client=${client!.id}`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("due in 7 days");
  await expect(page.getByText("Open cases in the whole queue, before any filter:")).toBeVisible();
  // One case of this client: every option says so, not the whole queue's figures.
  await expect(option("Stage", "")).toHaveText("Any (1)");
  await expect(option("Status", "open")).toHaveText("Open, any active status (1)");
  await expect(option("Deadline", "overdue")).toHaveText("Overdue (0)");
  await expect(option("Deadline", "week")).toHaveText("Due within 7 days (1)");
  await expect(option("Owner", "mine")).toHaveText("Mine (0)");
  await expect(option("Owner", "unassigned")).toHaveText("Unassigned (1)");
  await expect(page.getByLabel(/^Answer rejected by the complainant/)).not.toBeChecked();
  await expect(page.locator("label.check")).toHaveText("Answer rejected by the complainant (0)");
  // The deadline filter lists it, as its count said.
  await page.goto(`/cases?client=${client!.id}&due=week`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(reference);

  // Owned by the officer: "mine" holds it, "unassigned" not, and each count says what its view lists.
  await page.goto(`/cases?client=${client!.id}`);
  await page.getByLabel(`Select ${reference}`).check();
  await page.getByLabel("New owner").selectOption({ label: "Dana Whitfield (officer)" });
  await page.getByRole("button", { name: "Set owner" }).click();
  await expect(page.getByRole("status")).toContainText(`1 case assigned: ${reference}.`);
  await page.goto(`/cases?client=${client!.id}&owner=unassigned`);
  await expect(rows).toHaveText(["No cases match."]);
  await expect(option("Stage", "")).toHaveText("Any (0)");
  await expect(option("Deadline", "week")).toHaveText("Due within 7 days (0)");
  await expect(option("Owner", "mine")).toHaveText("Mine (1)");
  await page.goto(`/cases?client=${client!.id}&owner=mine&due=week`);
  await expect(rows).toHaveCount(1);
  await expect(option("Stage", "")).toHaveText("Any (1)");

  // Searching: found by the address's beginning without its "@", and by the reference's number
  // alone; no numbers beside the options (they would count what the search does not find).
  await page.goto(`/cases?q=counts.${mark}`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(reference);
  await expect(page.getByText("No numbers beside the options while searching")).toBeVisible();
  await expect(option("Stage", "")).toHaveText("Any");
  await expect(option("Owner", "mine")).toHaveText("Mine");
  await page.goto(`/cases?q=${reference.split("-")[2]}`);
  await expect(rows.filter({ hasText: reference })).toHaveCount(1);
});
