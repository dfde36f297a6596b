import { readdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { request as apiRequest, type APIRequestContext } from "@playwright/test";
import { extractLink } from "../support/mailbox";
import { startStaffSession } from "../support/staff-session";
import { rawRequest } from "../support/raw-http";
import { DEMO, acknowledgementMail, expect, test } from "./fixtures";

// No request from outside can produce a 500. Every route in app/routes (read from the folder, so
// a new route is covered the day it is added) gets odd requests from each kind of visitor, and
// none may be answered with a 5xx.

test.describe.configure({ timeout: 240_000 });

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

/** The URL path of a flat-routes file name, with each $param replaced by `param(name)`. */
function routePath(file: string, param: (name: string) => string): string {
  const segments = file
    .replace(/\.(tsx?|jsx?)$/, "")
    .split(".")
    .filter((s) => s !== "_index" && !/^_[^_]/.test(s) && s !== "route")
    .map((s) => s.replace(/_$/, ""))
    .map((s) => (s.startsWith("$") ? param(s.slice(1)) : s));
  return "/" + segments.join("/");
}

const ROUTE_FILES = readdirSync(path.resolve("app/routes")).filter((f) => /\.(tsx?|jsx?)$/.test(f));

/** Every route path with each parameter given a real value, a well-formed unknown one and junk. */
function everyPath(realReference: string): string[] {
  const samples = (name: string) =>
    name === "reference" ? [realReference, "PS-2099-999999", "x".repeat(3000)] : ["nope", "..%2F", "%F0%9F%92%A9"];
  const paths = new Set<string>();
  for (const file of ROUTE_FILES) {
    const params = [...file.matchAll(/\$(\w+)/g)].map((m) => m[1]!);
    if (params.length === 0) {
      paths.add(routePath(file, () => ""));
      continue;
    }
    // One parameter per route today; several would take the same sample index each.
    for (let i = 0; i < 3; i++) paths.add(routePath(file, (name) => samples(name)[i % samples(name).length]!));
  }
  return [...paths];
}

interface Probe {
  method: string;
  path: string;
  headers?: Record<string, string>;
  data?: string | Buffer;
}

/** The odd requests sent to one path. */
function probes(p: string, signedIn: boolean): Probe[] {
  const data = p === "/" ? "/_root.data" : `${p}.data`;
  const list: Probe[] = [
    { method: "GET", path: p },
    { method: "HEAD", path: p },
    { method: "OPTIONS", path: p },
    { method: "GET", path: data },
    { method: "GET", path: `${data}?_routes=routes%2Fnope,root` },
    { method: "GET", path: `${p}?_data=root` },
    { method: "GET", path: `${p}?_data=routes%2Fnope` },
    { method: "GET", path: `${p}?q=%E0%A4%A&status=%00&page=-1&cursor=zzz&next=//evil.example` },
    { method: "GET", path: `${p}?token=${"A".repeat(5000)}` },
    { method: "TRACE", path: p },
    { method: "PUT", path: p, headers: FORM, data: "a=1" },
  ];
  // A signed-in visitor posting to /logout would sign out half-way through the walk.
  if (!(signedIn && p === "/logout")) {
    list.push(
      { method: "POST", path: p, headers: FORM, data: "intent=zzz&version=abc&organization=nope&email=%40&token=x" },
      { method: "POST", path: data, headers: FORM, data: "intent=close&version=999999&kind=duplicate&reason=x" },
      { method: "POST", path: p, headers: FORM, data: "intent=answer&version=1&body=a%00b" },
      { method: "POST", path: p, headers: FORM, data: `intent=answer&version=1&body=${"x".repeat(200_000)}` },
      { method: "POST", path: p },
      { method: "POST", path: p, headers: { "Content-Type": "application/json" }, data: JSON.stringify({ intent: "answer" }) },
      { method: "POST", path: data, headers: { "Content-Type": "text/plain" }, data: "intent=answer" },
      { method: "POST", path: p, headers: { "Content-Type": "multipart/form-data; boundary=z" }, data: "--z--\r\n" },
    );
  }
  return list;
}

/** Sends every probe to every path; returns the ones answered 5xx or not at all. */
async function walk(request: APIRequestContext, paths: string[], signedIn: boolean): Promise<string[]> {
  const failures: string[] = [];
  let sent = 0;
  for (const p of paths) {
    for (const probe of probes(p, signedIn)) {
      sent++;
      try {
        const response = await request.fetch(probe.path, { method: probe.method, headers: probe.headers, data: probe.data, maxRedirects: 0, timeout: 15_000 });
        if (response.status() >= 500) failures.push(`${probe.method} ${probe.path.slice(0, 120)} → ${response.status()} ${(await response.text()).slice(0, 120)}`);
      } catch (error) {
        failures.push(`${probe.method} ${probe.path.slice(0, 120)} → no answer: ${(error as Error).message.split("\n")[0]}`);
      }
    }
  }
  expect(sent).toBeGreaterThan(paths.length * 10);
  return failures;
}

/**
 * A request context signed in as a staff member: the session is started the way /login/verify
 * starts it (tests/support/staff-session.ts, ADR 022); the form itself is walked like every route.
 */
async function signedInStaff(baseURL: string | undefined, email: string): Promise<APIRequestContext> {
  const cookie = await startStaffSession(email, DEMO.password);
  const domain = new URL(baseURL!).hostname;
  const request = await apiRequest.newContext({ baseURL, storageState: { cookies: [{ ...cookie, domain }], origins: [] } });
  expect((await request.get("/cases", { maxRedirects: 0 })).status(), `signing in ${email}`).toBe(200);
  return request;
}

/** Files a complaint and signs its complainant in through the link in the acknowledgement. */
async function signInNewComplainant(request: APIRequestContext): Promise<string> {
  const email = `sweep.${randomUUID().slice(0, 8)}@example.eu`;
  const filed = await request.post("/complain", {
    headers: FORM,
    data: new URLSearchParams({
      organization: "operator",
      category: "notice",
      description: "Walking every route.",
      desiredOutcome: "Nothing breaks.",
      country: "DE",
      name: "Route Walker",
      email,
      submissionKey: randomUUID(),
    }).toString(),
    maxRedirects: 0,
  });
  expect(filed.status()).toBe(302);
  const reference = filed.headers()["location"]!.split("/").at(-1)!;
  const link = new URL(extractLink(await acknowledgementMail(email, reference), "/auth/link"));
  const confirmed = await request.post("/auth/link", { headers: FORM, data: new URLSearchParams({ token: link.searchParams.get("token")! }).toString(), maxRedirects: 0 });
  expect(confirmed.status()).toBe(302);
  return reference;
}

/** A case reference the officer sees in the queue. */
async function someReference(request: APIRequestContext): Promise<string> {
  const officer = await request.get("/cases");
  const match = (await officer.text()).match(/PS-\d{4}-\d{6}/);
  expect(match, "a case in the officer's queue").not.toBeNull();
  return match![0];
}

test("no route answers an odd request with a 5xx, whoever asks", async ({ playwright, baseURL }) => {
  const contexts: APIRequestContext[] = [];
  const context = async () => {
    const c = await playwright.request.newContext({ baseURL });
    contexts.push(c);
    return c;
  };
  try {
    const officer = await signedInStaff(baseURL, DEMO.officer);
    contexts.push(officer);
    const liaison = await signedInStaff(baseURL, DEMO.northwindLiaison);
    contexts.push(liaison);
    const complainant = await context();
    const ownReference = await signInNewComplainant(complainant);
    const anonymous = await context();
    const reference = await someReference(officer);

    const failures: string[] = [];
    for (const [who, request, ref] of [
      ["anonymous", anonymous, reference],
      ["complainant", complainant, ownReference],
      ["liaison", liaison, reference],
      ["officer", officer, reference],
    ] as const) {
      for (const failure of await walk(request, everyPath(ref), who !== "anonymous")) failures.push(`${who}: ${failure}`);
    }
    // The walk changed nothing that matters: the officer is still signed in and the queue still answers.
    expect((await officer.get("/cases", { maxRedirects: 0 })).status()).toBe(200);
    expect(failures).toEqual([]);
  } finally {
    for (const c of contexts) await c.dispose();
  }
});

test("garbled cookies and oversized or odd headers are not a 5xx", async ({ request }) => {
  for (const cookie of ["auth_session=%E0%A4%A", "auth_session=" + "x".repeat(8000), "=; ;;=;auth_session", "auth_session=\"unterminated", `auth_session=${randomUUID()}`, "%=1", "a%ZZ=x; auth_session=abc"]) {
    for (const p of ["/", "/my", "/cases", "/complain"]) {
      const response = await request.get(p, { headers: { Cookie: cookie }, maxRedirects: 0 });
      expect(response.status(), `${p} with Cookie: ${cookie.slice(0, 40)}`).toBeLessThan(500);
    }
  }
  // Past Node's 16 KB header limit: 431 from Node itself.
  const huge = await rawRequest(process.env.E2E_BASE_URL!, { method: "GET", path: "/", headers: { "X-Big": "y".repeat(20_000) } });
  expect(huge.status).toBe(431);
  for (const headers of <Record<string, string>[]>[
    { Host: "" },
    { Host: "evil.example:99999" },
    { Host: "a b" },
    { "X-Forwarded-Host": "a:b:c" },
    { "X-Forwarded-Host": "x:99999" },
    { "X-Forwarded-Host": "x:-1" },
    { Accept: "*/*;q=bogus", "Accept-Language": "\u00ff" },
    { Origin: "null", "Sec-Fetch-Site": "cross-site" },
  ]) {
    const answer = await rawRequest(process.env.E2E_BASE_URL!, { method: "GET", path: "/", headers });
    expect(answer.status, JSON.stringify(headers)).toBeLessThan(500);
  }
  // Request targets that are not a path: asterisk-form (OPTIONS * is for the whole server) and absolute-form (for proxies).
  for (const [method, path] of [["GET", "*"], ["OPTIONS", "*"], ["GET", `${process.env.E2E_BASE_URL!}/healthz`], ["POST", "http://evil.example/complain"]] as const) {
    const answer = await rawRequest(process.env.E2E_BASE_URL!, { method, path });
    expect(answer.status, `${method} ${path}`).toBe(400);
    expect(answer.body, `${method} ${path}`).toContain("the request target must be a path");
  }
});

// Found by an outside probe (30 Nov): each of these was a 500.
test("impossible cursors, a year-0 closure, a zone the database lacks and a bad language are refused, not a 5xx", async ({ baseURL, request }) => {
  const officer = await signedInStaff(baseURL, DEMO.officer);
  try {
    const cursor = (text: string) => Buffer.from(text).toString("base64url");
    for (const path of [
      `/audit/reveals?after=${cursor("2026-02-30T00:00:00Z|1")}`,
      `/audit/reveals?after=${cursor("2026-04-31T00:00:00.000000Z|1")}`,
      `/audit/reveals?after=${cursor("0000-01-01T00:00:00Z|1")}`,
      `/mail/inbound?before=2026-01-01T00:00:00.000Z_${"-".repeat(36)}`,
      `/mail/inbound?before=2026-02-30T00:00:00.000Z_${randomUUID()}`,
    ]) {
      const answer = await officer.get(path, { maxRedirects: 0 });
      // An odd cursor is ignored: the first page.
      expect(answer.status(), path).toBe(200);
    }
    for (const [form, status] of [[{ intent: "add_closure", day: "0000-01-01", reason: "x" }, 400], [{ intent: "remove_closure", day: "0000-01-01" }, 409]] as const) {
      const answer = await officer.post("/settings/clocks", { headers: FORM, data: new URLSearchParams(form).toString(), maxRedirects: 0 });
      expect(answer.status(), JSON.stringify(form)).toBe(status);
      expect(await answer.text()).toContain("Enter the day as YYYY-MM-DD.");
    }
    // Node's Intl knows US/Pacific-New; PostgreSQL's zone list does not (removed from tzdata in 2020).
    const zone = await officer.post("/settings/clocks", {
      headers: FORM,
      data: new URLSearchParams({ intent: "calendar", zone: "US/Pacific-New", cutoff: "17:00", holidayState: "MA", certifications: "privacy_shield" }).toString(),
      maxRedirects: 0,
    });
    expect(zone.status()).toBe(400);
    expect(await zone.text()).toContain("is not known to the database");
    expect((await officer.get("/reports", { maxRedirects: 0 })).status()).toBe(200);
  } finally {
    await officer.dispose();
  }
  const language = await request.post("/language", { headers: FORM, data: "lang=xx&redirectTo=%2F", maxRedirects: 0 });
  expect(language.status()).toBe(400);
  expect(await language.text()).toBe("Please choose English, Deutsch or Français.");
  // A way back beyond Latin-1 goes back percent-encoded (it was a 500: a header cannot carry it).
  const back = await request.post("/language", { headers: FORM, data: "lang=de&redirectTo=%2F%E6%97%A5", maxRedirects: 0 });
  expect(back.status()).toBe(302);
  expect(back.headers()["location"]).toBe("/%E6%97%A5");
});
