import { readFileSync } from "node:fs";
import { DEMO, expect, signInComplainantByLink, signInStaff, test } from "./fixtures";

// Reports (issue 9 parts 2-3): the dashboard's charts render as SVG with a summary and a table,
// each downloads as CSV, the filters are a plain GET form, the annual report prints and downloads;
// no one but the officer reaches either page.

test("the officer's dashboard: six charts, each a figure with an image summary, a table and a CSV", async ({ page }) => {
  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Reports");
  await expect(page.getByRole("status")).toContainText(/\d+ cases? opened from/);

  const figures = page.locator("figure.chart");
  await expect(figures).toHaveCount(6);
  for (const title of ["Cases opened per month", "Open cases by stage and status", "Deadlines met and breached", "Days to acknowledge and to answer, per stage", "Days to acknowledge and to answer, per client", "Outcomes"]) {
    const figure = page.getByRole("figure", { name: new RegExp(title) });
    await expect(figure).toBeVisible();
    await expect(figure.locator("table thead th").first()).toBeAttached();
  }
  // The demo data has open cases: the picture of open cases has bars and a summary that names a number.
  const open = page.getByRole("figure", { name: /Open cases by stage and status/ });
  await expect(open.getByRole("img")).toHaveAttribute("aria-label", /Open cases by stage and status: \d+ cases/);
  expect(await open.locator("svg rect").count()).toBeGreaterThan(0);
  await open.getByText("Table: open cases by stage and status").click();
  await expect(open.getByRole("columnheader", { name: "Waiting for acknowledgement" })).toBeVisible();
  await expect(open.getByRole("rowheader", { name: "Client company" })).toBeVisible();

  // CSV: downloaded with a header row and the same rows as the table.
  const outcomes = page.getByRole("figure", { name: /^Outcomes/ });
  const [download] = await Promise.all([page.waitForEvent("download"), outcomes.getByRole("link", { name: /Download .*Outcomes.* as CSV/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^recourse-outcomes-\d{4}-\d{2}-to-\d{4}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8");
  const lines = csv.split("\r\n");
  expect(lines[0]).toBe("Outcome,Cases");
  expect(lines.find((l) => l.startsWith("Still open,"))).toMatch(/^Still open,\d+$/);
  expect(csv.endsWith("\r\n")).toBe(true);
});

test("the dashboard's filters: a GET form; a month the other way round is refused with a message", async ({ page }) => {
  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.goto("/reports");
  await page.getByLabel("First month").fill("2026-05");
  await page.getByLabel("Last month").fill("2026-03");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("alert")).toHaveText("The first month is after the last month.");
  expect(new URL(page.url()).searchParams.get("from")).toBe("2026-05");
  await expect(page.locator("figure.chart")).toHaveCount(0);

  await page.getByLabel("First month").fill("2026-01");
  await page.getByLabel("Client").selectOption({ label: "About the operator (no client)" });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("status")).toContainText("from Jan 2026 to Mar 2026");
  await expect(page.getByRole("figure", { name: /Cases opened per month/ }).locator("tbody tr")).toHaveCount(3);

  const bad = await page.request.get("/reports/csv?chart=nope");
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain("There is no such chart.");
});

test("the figures say when they were computed, and Refresh now computes them again (ADR 037)", async ({ page }) => {
  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.goto("/reports?client=operator");
  await expect(page.getByText(/^Figures as of \d{1,2} \w{3} \d{4}, \d{2}:\d{2} New York time\./)).toBeVisible();
  await page.getByRole("button", { name: "Refresh now" }).click();
  await expect(page).toHaveURL(/\/reports\?client=operator$/);
  await expect(page.getByRole("figure", { name: /Cases opened per month/ })).toBeVisible();
  // The same bare POST a liaison is refused (below) is the officer's refresh.
  const bare = await page.request.post("/reports?index", { form: {}, maxRedirects: 0 });
  expect(bare.status()).toBe(303);

  await page.goto("/reports/annual");
  await page.getByRole("button", { name: "Refresh now" }).click();
  await expect(page).toHaveURL(/\/reports\/annual$/);
  await expect(page.getByText(/^Figures as of .* New York time\./)).toBeVisible();
});

test("the annual report: suppressed counts, printable, and as CSV", async ({ page }) => {
  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.goto("/reports");
  await page.getByRole("link", { name: "annual dispute-resolution report" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Annual dispute-resolution report \d{4}$/);
  for (const heading of ["Complaints received", "By type", "By principle and request", "By country of residence", "Eligible and ineligible", "Outcome", "Time to resolution", "Escalations", "Arbitration awards by remedy"]) {
    await expect(page.getByRole("heading", { level: 2, name: heading, exact: true })).toBeVisible();
  }
  // Every count is a number from the threshold up, zero, "< 5" (1 to 4) or "withheld" (ADR 052).
  const cells = await page.locator(".annual-tables td.num").allInnerTexts();
  expect(cells.length).toBeGreaterThan(20);
  for (const c of cells) expect(c).toMatch(/^(0|[5-9]|\d{2,}|< 5|withheld)$/);
  // "< 5" is never printed for 5 or more (the audit found "Still open < 5" for 7): the year's
  // outcomes as the dashboard counts them, unsuppressed for the officer, against the annual table.
  const year = (await page.getByLabel("Year", { exact: true }).inputValue()).trim();
  const truth = await page.request.get(`/reports/csv?chart=outcomes&from=${year}-01&to=${year}-12`);
  const outcomes = new Map((await truth.text()).split("\r\n").slice(1, -1).map((l) => [l.slice(0, l.lastIndexOf(",")), Number(l.slice(l.lastIndexOf(",") + 1))]));
  const outcomeTable = page.locator("section", { has: page.getByRole("heading", { level: 2, name: "Outcome", exact: true }) });
  const outcomeRows = outcomeTable.locator("tbody tr:not(.total)");
  expect(await outcomeRows.count()).toBe(outcomes.size);
  for (const row of await outcomeRows.all()) {
    const label = await row.locator("th").innerText();
    const shown = await row.locator("td").innerText();
    const n = outcomes.get(label);
    expect(n, label).toBeDefined();
    if (shown === "< 5") expect(n, `${label} reads "< 5"`).toBeLessThan(5);
    else if (shown !== "withheld") expect(Number(shown), label).toBe(n);
  }
  const legend = page.getByRole("region", { name: "How to read the counts" });
  await expect(legend.getByRole("term")).toHaveText(["< 5", "withheld"]);
  await expect(legend).toContainText("cannot be worked out from the totals");

  // Printed: no site header, no form, no buttons, no word of how the figures are shared among
  // officers; a line names the operator, the year and when the figures were produced.
  const operator = (await page.locator("header.site .brand").innerText()).split(" · ")[0]!;
  await expect(page.locator(".report-masthead")).toBeHidden();
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("header.site")).toBeHidden();
  await expect(page.getByRole("button", { name: "Show" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Refresh now" })).toBeHidden();
  await expect(page.getByText(/computed at most once a minute/)).toBeHidden();
  const masthead = page.locator(".report-masthead");
  await expect(masthead).toBeVisible();
  await expect(masthead).toContainText(`${operator} · Dispute-resolution report for ${year} · Produced `);
  await expect(masthead).toHaveText(/ · Produced \d{1,2} \w{3} \d{4}, \d{2}:\d{2} New York time$/);
  await expect(page.getByRole("heading", { level: 2, name: "Outcome", exact: true })).toBeVisible();
  await expect(legend).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download as CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`recourse-annual-report-${year}.csv`);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("year,table,row,count");
  expect(csv).toMatch(new RegExp(`^${year},Complaints received,Complaints received,(\\d+|< 5|withheld)\\r$`, "m"));
  // Each count as on the page: a number, "< 5" or "withheld".
  for (const line of csv.split("\r\n").slice(1, -2)) expect(line).toMatch(/,(\d+|< 5|withheld)$/);

  // The field stops a bad year in the browser; the server refuses one typed into the address.
  const refused = await page.goto("/reports/annual?year=12");
  expect(refused?.status()).toBe(400);
  await expect(page.getByRole("alert")).toHaveText("Enter a year such as 2026.");
});

test("a liaison and a complainant are refused the reports; a visitor is sent to sign in", async ({ page, browser }) => {
  await signInStaff(page, DEMO.northwindLiaison, DEMO.password);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" })).toHaveCount(0);
  for (const path of ["/reports", "/reports/csv?chart=outcomes", "/reports/annual", "/reports/annual/csv"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
  // Nor may they have the figures computed again.
  for (const path of ["/reports?index", "/reports/annual"]) {
    const refresh = await page.request.post(path, { form: {}, maxRedirects: 0 });
    expect(refresh.status(), `POST ${path}`).toBe(403);
  }

  const complainant = await browser.newPage();
  await signInComplainantByLink(complainant, DEMO.complainant);
  expect((await complainant.goto("/reports"))?.status()).toBe(403);
  expect((await complainant.goto("/reports/annual/csv"))?.status()).toBe(403);
  await complainant.close();

  const visitor = await browser.newPage();
  await visitor.goto("/reports/annual");
  expect(new URL(visitor.url()).pathname).toBe("/login");
  await visitor.close();
});

test("the dashboard finds a client by part of its name: one match shows its figures, several are listed (ADR 039)", async ({ page }) => {
  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.goto("/reports");
  // The drop-down offers all, the operator, and the chosen client only: not every client.
  await expect(page.getByLabel("Client", { exact: true }).locator("option")).toHaveCount(2);
  await page.getByLabel("Find by name").fill("northwind");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/\/reports\?.*client=[0-9a-f-]{36}/);
  expect(new URL(page.url()).searchParams.has("client_name")).toBe(false);
  await expect(page.getByLabel("Client", { exact: true })).toHaveValue(/[0-9a-f-]{36}/);
  await expect(page.getByLabel("Client", { exact: true }).locator("option:checked")).toHaveText("Northwind Outfitters");

  // A word in several names: the matches are links, the figures stay as they were.
  await page.getByLabel("Find by name").fill("r");
  await page.getByRole("button", { name: "Show" }).click();
  const matches = page.getByRole("region", { name: /Clients matching “r”/ });
  await expect(matches.getByRole("link")).not.toHaveCount(0);
  await matches.getByRole("link", { name: "Bluebird Travel" }).click();
  await expect(page.getByLabel("Client", { exact: true }).locator("option:checked")).toHaveText("Bluebird Travel");

  await page.getByLabel("Find by name").fill("no such client anywhere");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText("No client's name contains these words.")).toBeVisible();
  await expect(page.getByLabel("Client", { exact: true }).locator("option:checked")).toHaveText("Bluebird Travel");
});
