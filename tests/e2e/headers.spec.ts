import type { Page } from "@playwright/test";
import { rawRequest } from "../support/raw-http";
import { DEMO, expect, signInComplainantByLink, signInStaff, test } from "./fixtures";

// Part 7 of issue 8: a nonce per response for every script (no 'unsafe-inline'), no caching of
// pages or loader data, static files still cached. HSTS only for an https APP_URL (unit-tested in
// tests/unit/security-headers.test.ts; this server runs on http).

function scriptSrc(csp: string): string {
  return csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";
}

test("every page's scripts carry this response's nonce, and the policy allows no inline script without it", async ({ baseURL }) => {
  const nonces = new Set<string>();
  for (const path of ["/", "/complain", "/login", "/signin"]) {
    const answer = await rawRequest(baseURL!, { method: "GET", path, headers: { Accept: "text/html" } });
    expect(answer.status, path).toBe(200);
    expect(answer.headers["content-security-policy"], path).not.toContain("unsafe-inline");
    const policy = scriptSrc(answer.headers["content-security-policy"] ?? "");
    const nonce = policy.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
    expect(nonce, `${path}: ${policy}`).toBeTruthy();
    nonces.add(nonce!);
    const scripts = [...answer.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const tag of scripts) {
      // External module scripts from our origin are allowed by 'self'; every inline one needs the nonce.
      if (!/\bsrc=/.test(tag)) expect(tag, path).toContain(`nonce="${nonce}"`);
    }
  }
  expect(nonces.size).toBe(4); // a fresh nonce per response
});

test("pages and loader data are not stored by browsers or proxies; static files keep their caching", async ({ baseURL }) => {
  for (const path of ["/", "/complain", "/login", "/_root.data", "/complain.data", "/cases", "/healthz"]) {
    const answer = await rawRequest(baseURL!, { method: "GET", path });
    expect(answer.headers["cache-control"], path).toBe("no-store");
  }
  const home = await rawRequest(baseURL!, { method: "GET", path: "/" });
  const asset = home.body.match(/\/assets\/[\w.-]+\.js/)?.[0];
  expect(asset).toBeTruthy();
  const file = await rawRequest(baseURL!, { method: "GET", path: asset! });
  expect(file.status).toBe(200);
  expect(file.headers["cache-control"]).toMatch(/max-age=31536000/);
  // This server's APP_URL is http: no HSTS.
  expect(home.headers["strict-transport-security"]).toBeUndefined();
});

test("a signed-in officer's pages and their loader data say no-store", async ({ page }) => {
  await signInStaff(page, DEMO.officer, DEMO.password);
  for (const path of ["/cases", "/cases.data", "/admin/access", "/account/sessions", "/account/sessions.data"]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["cache-control"], path).toBe("no-store");
  }
});

async function collectCspViolations(page: Page, paths: string[]): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => violations.push(`${page.url()} page error: ${error.message}`));
  for (const path of paths) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    // Hydrated: a client-side navigation works (the scripts ran).
  }
  return violations;
}

test("the browser reports no CSP violation on the main pages, and the scripts run", async ({ page }) => {
  const anonymous = await collectCspViolations(page, ["/", "/complain", "/signin", "/login"]);
  // Client-side navigation is only possible when Remix's scripts ran under the policy.
  await page.goto("/");
  await page.evaluate(() => ((window as unknown as { __hydrated?: boolean }).__hydrated = true));
  await page.getByRole("link", { name: "Make a complaint" }).first().click();
  await page.waitForURL("**/complain");
  expect(await page.evaluate(() => (window as unknown as { __hydrated?: boolean }).__hydrated)).toBe(true);

  await signInStaff(page, DEMO.officer, DEMO.password);
  const officer = await collectCspViolations(page, ["/cases", "/cases/new", "/admin/access", "/admin/users", "/admin/clients", "/account/sessions", "/account/security", "/mail/deliveries", "/reports", "/reports/annual", "/audit/reveals", "/retention"]);
  const reference = (await page.goto("/cases").then(() => page.locator("a[href^='/cases/PS-']").first().getAttribute("href")))!;
  const casePage = await collectCspViolations(page, [reference]);
  expect([...anonymous, ...officer, ...casePage]).toEqual([]);
});

// ADR 042: no route defers data, so a page is rendered in one synchronous pass with its loader data
// read first; the browser still gets that data (hydration), in the same document.
test("a page is written in one pass with its loader data, and the browser hydrates from that data", async ({ baseURL, page }) => {
  const answer = await rawRequest(baseURL!, { method: "GET", path: "/complain", headers: { Accept: "text/html" } });
  expect(answer.status).toBe(200);
  expect(answer.body.startsWith("<!DOCTYPE html><html")).toBe(true);
  expect(answer.body).toContain("window.__remixContext.streamController.enqueue(");
  expect(answer.body).toContain("window.__remixContext.streamController.close();");
  // React's streaming leaves no placeholder to fill in later ($RC scripts, <template id="B:0">).
  expect(answer.body).not.toMatch(/\$RC\(|<template id="B:/);

  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.goto("/cases");
  await page.waitForLoadState("networkidle");
  const rowsInTable = await page.locator("table.data tbody tr").count();
  expect(rowsInTable).toBeGreaterThan(1);
  const rowsInData = await page.evaluate(() => {
    const router = (window as unknown as { __remixRouter?: { state: { loaderData: Record<string, { rows?: unknown[] } | undefined> } } }).__remixRouter;
    return router?.state.loaderData["routes/cases._index"]?.rows?.length ?? -1;
  });
  expect(rowsInData).toBe(rowsInTable);
});

test("the complainant's downloadable data page carries its own policy only, so its inline styles apply", async ({ page }) => {
  await signInComplainantByLink(page, DEMO.complainant);
  const response = await page.goto("/my/export.html");
  // One policy, the route's: with the pages' policy added beside it, both applied and the page's
  // `style-src 'self'` blocked the document's own <style> (it is saved as one self-contained file).
  const policy = response!.headers()["content-security-policy"]!;
  expect(policy).toBe("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  expect(await collectCspViolations(page, ["/my/export.html"])).toEqual([]);
  // Its styles are in force: the body keeps its reading width and margins.
  expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe("768px");
});
