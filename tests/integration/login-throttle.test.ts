import { afterAll, describe, expect, it } from "vitest";
import { action as loginAction } from "../../app/routes/login";
import { action as verifyAction } from "../../app/routes/login_.verify";
import { beginSecondFactor } from "../../app/models/accounts.server";
import { attemptStaffLogin } from "../../app/auth/sign-in.server";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { FAILURE_CAPS, FREE_FAILURES, delayAfter, failureWait } from "../../app/security/throttle.server";
import { createOfficer, discardTestMail, plus } from "../support/factories";

const PASSWORD = "correct horse battery staple";
const NOW = new Date("2026-04-14T09:00:00.000Z");

afterAll(discardTestMail);

let n = 0;
/** A fresh client address per test, so the address counters of one test do not touch another. */
function address(): string {
  n += 1;
  return `198.51.${100 + (process.pid % 50)}.${n}`;
}

async function postLogin(fields: Record<string, string>, clientAddress: string) {
  const body = new URLSearchParams(fields);
  const request = new Request("http://localhost/login", { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  const result = await loginAction({ request, params: {}, context: { clientAddress } });
  // A Response (redirect) or Remix's data() (a DataWithResponseInit).
  if (result instanceof Response) return { status: result.status, headers: result.headers };
  const init = (result as unknown as { init?: ResponseInit }).init ?? {};
  return { status: init.status ?? 200, headers: new Headers(init.headers) };
}

describe("the login throttle", () => {
  it("refuses the 6th and later wrong passwords through /login with 429 and Retry-After", async () => {
    const officer = await createOfficer(PASSWORD);
    const from = address();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const answer = await postLogin({ email: officer.email, password: `wrong ${i}` }, from);
      statuses.push(answer.status);
      retryAfter ??= answer.headers.get("Retry-After");
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // The right password from the same address is not even tried while the wait lasts.
    expect((await postLogin({ email: officer.email, password: PASSWORD }, from)).status).toBe(429);
  });

  it("delays a correct password from another address only until the wait ends, and never for good", async () => {
    const officer = await createOfficer(PASSWORD);
    const attacker = address();
    const owner = address();
    let now = NOW;
    for (let i = 0; i < 5; i++) expect(await attemptStaffLogin({ email: officer.email, password: "guess", clientAddress: attacker }, now)).toEqual({ ok: false, kind: "mismatch" });

    const waiting = await attemptStaffLogin({ email: officer.email, password: PASSWORD, clientAddress: owner }, now);
    expect(waiting).toEqual({ ok: false, kind: "throttled", retryAfterSeconds: delayAfter(5, FAILURE_CAPS.account) });

    now = plus(NOW, delayAfter(5, FAILURE_CAPS.account) * 1000);
    expect(await attemptStaffLogin({ email: officer.email, password: PASSWORD, clientAddress: owner }, now)).toEqual({ ok: true, userId: officer.id });

    // Success cleared the account's count: the next mistake starts again from one.
    expect(await attemptStaffLogin({ email: officer.email, password: "typo", clientAddress: owner }, now)).toEqual({ ok: false, kind: "mismatch" });
    expect(await attemptStaffLogin({ email: officer.email, password: PASSWORD, clientAddress: owner }, now)).toMatchObject({ ok: true });
  });

  it("grows the wait with each failure, up to a cap an attacker cannot raise", async () => {
    const officer = await createOfficer(PASSWORD);
    let now = NOW;
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      // A different address each time: only the account counter is in play.
      const outcome = await attemptStaffLogin({ email: officer.email, password: "guess", clientAddress: address() }, now);
      expect(outcome).toEqual({ ok: false, kind: "mismatch" });
      const check = await failureWait(db(), [{ kind: "account", id: officer.email }], now);
      const wait = check.ok ? 0 : check.retryAfterSeconds;
      waits.push(wait);
      now = plus(now, wait * 1000);
    }
    expect(waits.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(waits[4]).toBeGreaterThan(0);
    expect(waits[5]!).toBeGreaterThan(waits[4]!);
    expect(Math.max(...waits)).toBe(FAILURE_CAPS.account);
    // Right after the longest wait, the owner gets in.
    expect(await attemptStaffLogin({ email: officer.email, password: PASSWORD, clientAddress: address() }, now)).toMatchObject({ ok: true });
  });

  it("holds across processes: the counter lives in the database", async () => {
    const officer = await createOfficer(PASSWORD);
    const from = address();
    for (let i = 0; i < 5; i++) await attemptStaffLogin({ email: officer.email, password: "guess", clientAddress: from }, NOW);
    const row = await db().selectFrom("throttle_counters").selectAll().where("key", "=", `login:account:${officer.email}`).executeTakeFirstOrThrow();
    expect(row.hits).toBe(5);
    expect(new Date(row.blocked_until!).getTime()).toBeGreaterThan(NOW.getTime());
  });

  it("checks at most the free guesses of a burst fired in parallel at one account", async () => {
    const officer = await createOfficer(PASSWORD);
    // Each from its own address: only the account's counter stands in the way.
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => postLogin({ email: officer.email, password: `burst ${i}` }, address())));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(FREE_FAILURES);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30 - FREE_FAILURES);
    // The owner, after the wait, is not held by the guesses the burst was refused (/login reads the clock).
    const after = new Date(Date.now() + FAILURE_CAPS.account * 1000);
    expect(await attemptStaffLogin({ email: officer.email, password: PASSWORD, clientAddress: address() }, after)).toMatchObject({ ok: true });
  });

  it("checks at most the free guesses of a burst fired in parallel from one address", async () => {
    const from = address();
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => attemptStaffLogin({ email: `spray-${i}-${Date.now()}@recourse-it.test`, password: "guess", clientAddress: from }, NOW)),
    );
    expect(outcomes.filter((o) => !o.ok && o.kind === "mismatch")).toHaveLength(FREE_FAILURES);
    expect(outcomes.filter((o) => !o.ok && o.kind === "throttled")).toHaveLength(30 - FREE_FAILURES);
  });

  it("does not count a correct password against the client's address", async () => {
    const officer = await createOfficer(PASSWORD);
    const from = address();
    for (let i = 0; i < 4; i++) await attemptStaffLogin({ email: `typo-${i}-${Date.now()}@recourse-it.test`, password: "guess", clientAddress: from }, NOW);
    // The fifth attempt from this address is right: the address has still failed only four times.
    expect(await attemptStaffLogin({ email: officer.email, password: PASSWORD, clientAddress: from }, NOW)).toMatchObject({ ok: true });
    expect(await attemptStaffLogin({ email: `typo-x-${Date.now()}@recourse-it.test`, password: "guess", clientAddress: from }, NOW)).toEqual({ ok: false, kind: "mismatch" });
    expect(await attemptStaffLogin({ email: `typo-y-${Date.now()}@recourse-it.test`, password: "guess", clientAddress: from }, NOW)).toMatchObject({ ok: false, kind: "throttled" });
  });

  it("counts an IPv6 client by its /64, so a host cannot change address to dodge the wait", async () => {
    const net = `2001:db8:${(process.pid % 0xffff).toString(16)}:${(++n).toString(16)}`;
    for (let i = 1; i <= FREE_FAILURES; i++) {
      const outcome = await attemptStaffLogin({ email: `v6-${i}-${Date.now()}@recourse-it.test`, password: "guess", clientAddress: `${net}::${i.toString(16)}` }, NOW);
      expect(outcome).toEqual({ ok: false, kind: "mismatch" });
    }
    const next = await attemptStaffLogin({ email: `v6-next-${Date.now()}@recourse-it.test`, password: "guess", clientAddress: `${net}:1:2:3:4` }, NOW);
    expect(next).toMatchObject({ ok: false, kind: "throttled" });
  });

  it("treats an unknown address exactly like a known one", async () => {
    const from = address();
    const nobody = `nobody-${Date.now()}@recourse-it.test`;
    for (let i = 0; i < 5; i++) expect(await attemptStaffLogin({ email: nobody, password: "guess", clientAddress: from }, NOW)).toEqual({ ok: false, kind: "mismatch" });
    expect(await attemptStaffLogin({ email: nobody, password: "guess", clientAddress: address() }, NOW)).toMatchObject({ ok: false, kind: "throttled" });
  });

  it("answers a code at /login/verify with 429 and Retry-After while the person waits for wrong codes", async () => {
    const officer = await createOfficer(PASSWORD);
    const now = new Date(); // the route reads the clock
    await db()
      .updateTable("users")
      .set({ totp_secret: "JBSWY3DPEHPK3PXP", totp_enabled_at: now, second_factor_failures: 10, second_factor_wait_until: plus(now, 60_000) })
      .where("id", "=", officer.id)
      .execute();
    const { cookie } = await beginSecondFactor(officer.id, null, now);
    const request = new Request("http://localhost/login/verify", {
      method: "POST",
      body: new URLSearchParams({ code: "123456" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie.split(";")[0]! },
    });
    const result = await verifyAction({ request, params: {}, context: {} });
    const init = (result as unknown as { init?: ResponseInit }).init ?? {};
    expect(init.status).toBe(429);
    expect(Number(new Headers(init.headers).get("Retry-After"))).toBeGreaterThan(0);
  });
});
