import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmbeddedPostgres, type RunningPostgres } from "../../app/db/embedded-postgres.server";
import { DEMO_ACCOUNTS } from "../../app/seed/demo.server";
import { signInStaff, startApp, statusOf, type AppProcess } from "../support/app-process";
import { readMailFolder } from "../support/mailbox";
import { freePort } from "../support/ports";
import { startSmtpServer, type RunningSmtpServer } from "../support/smtp";

/** Two app processes (each with its mail worker) on one database, as behind a load balancer. */
const officer = DEMO_ACCOUNTS.staff.find((a) => a.role === "officer")!.email;
const complainants = [DEMO_ACCOUNTS.complainant, "jan.devries@example.nl", "sofia.rossi@example.it"];

let root: string;
let postgres: RunningPostgres;
let smtp: RunningSmtpServer;
let a: AppProcess;
let b: AppProcess;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "recourse-two-"));
  await chmod(root, 0o755);
  postgres = await startEmbeddedPostgres({ dir: path.join(root, "pg"), port: await freePort(), quiet: true });
  await postgres.createDatabase("recourse");
  smtp = await startSmtpServer({ dir: path.join(root, "mail") });
  // Every request comes from 127.0.0.1: the door quotas (ADR 020) would refuse the test's many sign-in links.
  const env = { DATABASE_URL: postgres.url("recourse"), SMTP_URL: smtp.url, DEV_MAILBOX: "0", DATA_DIR: path.join(root, "data"), DOOR_QUOTA_FACTOR: "1000" };
  a = startApp({ port: await freePort(), env: { ...env, SEED_DEMO: "1" }, label: "a" });
  await a.waitUntilHealthy();
  b = startApp({ port: await freePort(), env: { ...env, SEED_DEMO: "0" }, label: "b" });
  await b.waitUntilHealthy();
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await smtp?.stop();
  await postgres?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

it("a session made on one process works on the other, and signing out on one ends it on both", async () => {
  const cookie = await signInStaff(a.baseUrl, officer, DEMO_ACCOUNTS.password);
  const queue = await fetch(`${b.baseUrl}/cases`, { headers: { Cookie: cookie }, redirect: "manual" });
  expect(queue.status).toBe(200);
  expect(await queue.text()).toContain("Triage queue");

  const out = await fetch(`${b.baseUrl}/logout`, { method: "POST", headers: { Cookie: cookie, Origin: b.baseUrl }, redirect: "manual" });
  expect(out.status).toBe(302);
  expect(await statusOf(`${a.baseUrl}/cases`, { headers: { Cookie: cookie } })).toBe(302); // to the sign-in page
});

it("every mail is sent exactly once when both processes run the mail worker", async () => {
  const requested: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const [i, email] of complainants.entries()) {
      const app = (round + i) % 2 === 0 ? a : b;
      const response = await fetch(`${app.baseUrl}/signin`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.baseUrl },
        body: new URLSearchParams({ email }),
      });
      expect(response.status).toBe(302);
      requested.push(email);
    }
  }

  const links = async () => (await readMailFolder(path.join(root, "mail"))).filter((m) => m.subject.includes("your sign-in link"));
  const deadline = Date.now() + 60_000;
  while ((await links()).length < requested.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  // Then a quiet spell longer than the workers' poll interval, in which a duplicate would show up.
  await new Promise((resolve) => setTimeout(resolve, 4_000));

  const mails = await links();
  const tokens = mails.map((m) => /token=([^\s"&]+)/.exec(m.text)?.[1]);
  console.log(`[two processes] ${requested.length} sign-in links requested (alternating between the processes), ${mails.length} mails received, ${new Set(tokens).size} distinct links`);
  expect(mails.length).toBe(requested.length);
  expect(new Set(tokens).size).toBe(requested.length);
  expect(mails.map((m) => m.to[0]).sort()).toEqual([...requested].sort());
});
