// Pages that work on a small phone and at 200 % zoom (issue 10 part 4; ADR 036; WCAG 1.4.10
// Reflow): at 320 CSS px wide, and at 640 px (a 1280 px window zoomed to 200 %), the page itself
// never scrolls sideways; a wide table scrolls inside its own box. And reduced motion is honoured.
import type { Page } from "@playwright/test";
import { DEMO, demoComplainantCases, expect, openAllDetails, signInComplainantByLink, signInStaff, test } from "./fixtures";

test.describe.configure({ mode: "serial" });

/** How far the page is wider than its window (0 when it fits), and which elements stick out. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    const width = root.clientWidth;
    const culprits = [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest(".table-wrap, .visually-hidden, .skip"))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).replace(/\s+/g, ".")}` : ""} (right ${Math.round(el.getBoundingClientRect().right)})`);
    return { excess: root.scrollWidth - root.clientWidth, culprits };
  });
}

async function demoCase(): Promise<string> {
  return (await demoComplainantCases(1))[0]!;
}

const WIDTHS = [
  { width: 320, height: 640, what: "320 px" },
  { width: 640, height: 450, what: "200 % zoom of 1280 px" },
];

async function expectNoSidewaysScroll(page: Page, paths: string[]) {
  const problems: string[] = [];
  for (const { width, height, what } of WIDTHS) {
    await page.setViewportSize({ width, height });
    for (const path of paths) {
      await page.goto(path);
      // Every collapsed form open too: what it holds must fit as well.
      await openAllDetails(page);
      const { excess, culprits } = await overflow(page);
      if (excess > 0) problems.push(`${path} at ${what}: ${excess} px too wide (${culprits.join(", ")})`);
    }
  }
  expect(problems, problems.join("\n")).toEqual([]);
}

test("the public pages fit 320 px and 200 % zoom without sideways scrolling", async ({ page }) => {
  await expectNoSidewaysScroll(page, ["/", "/complain", "/signin", "/login"]);
});

test("the complainant's pages fit 320 px and 200 % zoom", async ({ page }) => {
  const reference = await demoCase();
  await signInComplainantByLink(page, DEMO.complainant);
  // The downloadable page of their data too: it has its own styles (it is saved as a file).
  await expectNoSidewaysScroll(page, ["/my", `/my/cases/${reference}`, "/my/export", "/my/export.html", "/account/sessions"]);
});

test("the officer's main pages fit 320 px and 200 % zoom; wide tables scroll in their own box", async ({ page }) => {
  const reference = await demoCase();
  await signInStaff(page, DEMO.officer, DEMO.password);
  await expectNoSidewaysScroll(page, ["/cases", `/cases/${reference}`, "/intake", "/reports", "/reports/annual", "/mail/deliveries", "/audit", "/settings/clocks", "/admin/users", "/retention"]);

  // The queue's table is wider than a phone: it scrolls inside .table-wrap, which a keyboard can reach (its links).
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto("/cases");
  const wrap = page.locator(".table-wrap").filter({ has: page.locator("table") }).first();
  const box = await wrap.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, overflowX: getComputedStyle(el).overflowX }));
  expect(["auto", "scroll"]).toContain(box.overflowX);
  expect((await overflow(page)).excess).toBe(0);
});

test("on a laptop the queue's table and a case's deadlines fit their boxes; on a phone a chart keeps readable labels", async ({ page }) => {
  const reference = await demoCase();
  await signInStaff(page, DEMO.officer, DEMO.password);
  const fits = (selector: string) => page.locator(selector).first().evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/cases");
  // Eleven columns, the last of them a sort key: none hidden to the right.
  const queue = await fits(".table-wrap:has(table.data)");
  expect(queue.scroll, JSON.stringify(queue)).toBeLessThanOrEqual(queue.client);
  await page.goto(`/cases/${reference}`);
  // The deadlines sit in the page's side column: their table reads as a list there.
  const deadlines = await fits(".table-wrap:has(table.stack)");
  expect(deadlines.scroll, JSON.stringify(deadlines)).toBeLessThanOrEqual(deadlines.client);

  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto("/reports");
  // A chart is drawn at no less than 32rem (its labels 13 px at full size) and scrolls sideways in its own box.
  const label = await page.locator("figure.chart svg text[text-anchor='end']").first().evaluate((el) => el.getBoundingClientRect().height);
  expect(label).toBeGreaterThanOrEqual(10);
  expect((await overflow(page)).excess).toBe(0);
});

test("reduced motion: no transitions when the system asks for less motion", async ({ browser, baseURL }) => {
  for (const reducedMotion of ["no-preference", "reduce"] as const) {
    const context = await browser.newContext({ baseURL, reducedMotion });
    const page = await context.newPage();
    await page.goto("/complain");
    const seconds = await page
      .locator('main button[type="submit"]')
      .last()
      .evaluate((el) => Math.max(...getComputedStyle(el).transitionDuration.split(",").map((d) => parseFloat(d))));
    if (reducedMotion === "reduce") expect(seconds).toBeLessThan(0.001);
    else expect(seconds).toBeGreaterThan(0.05);
    await context.close();
  }
});

test("the officer's navigation: links in labelled groups, each reached by Tab in order, each group its own line at 320 px", async ({ page }, testInfo) => {
  await signInStaff(page, DEMO.officer, DEMO.password);
  const nav = page.getByRole("navigation", { name: "Main" });
  const groups: Record<string, string[]> = {
    Cases: ["Triage queue", "Intake", "Held filings", "Open a referred case"],
    Mail: ["Mail deliveries", "Mail templates"],
    Reporting: ["Reports", "Retention"],
    Administration: ["Staff accounts", "Clients", "Who has access", "Deadlines and calendar", "Audit trail"],
    "Your account": ["Sign-in security", "Your sessions", "Notifications"],
  };
  for (const { width, height } of [{ width: 1280, height: 720 }, { width: 360, height: 640 }, { width: 320, height: 640 }]) {
    await page.setViewportSize({ width, height });
    await page.goto("/cases");
    for (const [label, links] of Object.entries(groups)) {
      const list = nav.getByRole("list", { name: label, exact: true });
      await expect(list).toBeVisible();
      // The named links first; the account group may end with the dev mailbox and the sign-out form.
      expect((await list.getByRole("link").allInnerTexts()).slice(0, links.length)).toEqual(links);
    }
    // Keyboard: from the brand, Tab visits every link of the navigation in its order.
    const names = await nav.getByRole("link").allInnerTexts();
    await page.locator("header.site a.brand").focus();
    const visited: string[] = [];
    for (let i = 0; i < names.length; i++) {
      await page.keyboard.press("Tab");
      visited.push(await page.evaluate(() => (document.activeElement as HTMLElement).innerText));
    }
    expect(visited).toEqual(names);
    await page.locator("header.site").screenshot({ path: testInfo.outputPath(`officer-header-${width}.png`) });
    if (width <= 360) {
      const { excess } = await overflow(page);
      expect(excess).toBe(0);
      // Each group starts a line: its label sits above its first link, left-aligned with the others.
      const boxes = await nav.locator(".nav-group-label").evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect().left));
      expect(new Set(boxes.map((x) => Math.round(x))).size).toBe(1);
    }
  }
});
