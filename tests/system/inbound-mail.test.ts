import { chmod, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createTransport } from "nodemailer";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type RunningPostgres } from "../../app/db/embedded-postgres.server";
import { signInboundMail } from "../../app/mail/inbound/signature";
import { startApp, type AppProcess } from "../support/app-process";
import { mailFixture, postInboundMail } from "../support/mail-fixtures";
import { malformedCorpus } from "../support/malformed-mail";
import { freePort } from "../support/ports";

// The real route of a running app (production build, its own PostgreSQL): a corpus of broken and
// hostile messages, forged and missing signatures, oversize bodies, and the built-in SMTP listener.

const SECRET = "inbound-test-secret";
const DOMAIN = "replies.recourse.test";
const MAX = 1024 * 1024;

let root: string;
let postgres: RunningPostgres;
let app: AppProcess;
let smtpPort: number;
let client: pg.Client;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "recourse-inbound-"));
  await chmod(root, 0o755);
  postgres = await startEmbeddedPostgres({ dir: path.join(root, "pg"), port: await freePort(), quiet: true });
  await postgres.createDatabase("recourse");
  smtpPort = await freePort();
  app = startApp({
    port: await freePort(),
    env: {
      DATABASE_URL: postgres.url("recourse"),
      SEED_DEMO: "1",
      DEV_MAILBOX: "0",
      WORKER: "0",
      DATA_DIR: path.join(root, "data"),
      INBOUND_MAIL_SECRET: SECRET,
      MAIL_REPLY_DOMAIN: DOMAIN,
      INBOUND_SMTP_PORT: String(smtpPort),
      INBOUND_MAIL_MAX_BYTES: String(MAX),
    },
    label: "inbound",
  });
  await app.waitUntilHealthy();
  client = new pg.Client({ connectionString: postgres.url("recourse") });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await app?.stop();
  await postgres?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

const signed = (raw: Buffer, at = Date.now() / 1000) => postInboundMail(app.baseUrl, raw, { secret: SECRET, at });

describe("POST /inbound/email", () => {
  it("refuses missing, malformed, wrong, stale and future signatures with 401, and stores nothing", async () => {
    const raw = mailFixture("gmail-reply", {}, { messageId: "<sig-test@example.org>" });
    const now = Date.now() / 1000;
    const good = signInboundMail(SECRET, raw, now);
    const attempts: [string, string | null][] = [
      ["missing", null],
      ["empty", ""],
      ["malformed", "v1=abc"],
      ["another secret", signInboundMail("not-the-secret", raw, now)],
      ["another body", signInboundMail(SECRET, Buffer.concat([raw, Buffer.from("x")]), now)],
      ["time changed", good.replace(/t=\d+/, `t=${Math.floor(now) + 1}`)],
      ["stale", signInboundMail(SECRET, raw, now - 301)],
      // 30 s beyond the tolerance: the request reaches the server a few seconds after `now` on a busy machine.
      ["future", signInboundMail(SECRET, raw, now + 330)],
      ["v1 upper-case garbage", `t=${Math.floor(now)},v1=${"Z".repeat(64)}`],
    ];
    for (const [name, signature] of attempts) {
      const response = await postInboundMail(app.baseUrl, raw, { signature });
      expect(response.status, name).toBe(401);
      expect(await response.text(), name).toMatch(/^Refused:/);
    }
    const { rows } = await client.query("select count(*)::int as n from inbound_mails where message_id = '<sig-test@example.org>'");
    expect(rows[0].n).toBe(0);
  });

  it("refuses other media types (415), a body over the limit (413, declared or streamed) and an empty body (400)", async () => {
    const raw = mailFixture("gmail-reply");
    expect((await postInboundMail(app.baseUrl, raw, { secret: SECRET, contentType: "application/json" })).status).toBe(415);
    const big = Buffer.alloc(MAX + 1, 0x61);
    expect((await signed(big)).status).toBe(413);
    const streamed = await fetch(`${app.baseUrl}/inbound/email`, {
      method: "POST",
      headers: { "Content-Type": "message/rfc822", "X-Recourse-Signature": signInboundMail(SECRET, big, Date.now() / 1000) },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(MAX / 4));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit).catch(() => null);
    expect(streamed === null || streamed.status === 413).toBe(true);
    expect((await signed(Buffer.alloc(0))).status).toBe(400);
    expect(app.running()).toBe(true);
  });

  it("takes text/plain and application/octet-stream too, with any charset parameter; the same Message-ID twice is stored once", async () => {
    const raw = mailFixture("html-only", {}, { messageId: "<twice@example.org>" });
    const first = await postInboundMail(app.baseUrl, raw, { secret: SECRET, contentType: "text/plain; charset=iso-8859-1" });
    expect(first.status).toBe(200);
    const stored = (await first.json()) as { status: string; id: string };
    expect(stored.status).toBe("stored");
    const second = await postInboundMail(app.baseUrl, raw, { secret: SECRET, contentType: "application/octet-stream" });
    expect(await second.json()).toEqual({ status: "duplicate", id: stored.id });
  });

  it("a corpus of over 100 malformed messages: each refused (4xx) or stored safely, never a 500, and the app stays up", async () => {
    const corpus = malformedCorpus();
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    const outcomes = new Map<number, number>();
    for (const entry of corpus) {
      const response = await signed(entry.raw);
      const body = await response.text();
      outcomes.set(response.status, (outcomes.get(response.status) ?? 0) + 1);
      expect(response.status, `${entry.name}: ${body.slice(0, 200)}`).toBeLessThan(500);
      if (response.status === 200) expect(JSON.parse(body).status, entry.name).toMatch(/^(stored|duplicate)$/);
      else expect(response.status, entry.name).toBeGreaterThanOrEqual(400);
    }
    console.log(`[inbound corpus] ${corpus.length} messages: ${[...outcomes].map(([s, n]) => `${n} × ${s}`).join(", ")}`);
    expect(app.running()).toBe(true);
    expect(app.output()).not.toMatch(/inbound mail could not be processed/);
    const health = await fetch(`${app.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    // What was stored is readable text: no NUL reached PostgreSQL, and nothing became a message on a case.
    const { rows } = await client.query("select count(*)::int as n, count(*) filter (where outcome = 'failed')::int as failed from inbound_mails");
    expect(rows[0].failed).toBe(0);
    expect(rows[0].n).toBeGreaterThan(50);
  });

  it("answers 405 to GET", async () => {
    expect((await fetch(`${app.baseUrl}/inbound/email`)).status).toBe(405);
  });
});

describe("the built-in SMTP listener", () => {
  const transport = () => createTransport({ host: "127.0.0.1", port: smtpPort, secure: false, ignoreTLS: true, connectionTimeout: 5_000 });

  it("takes mail for the reply domain into the same pipeline", async () => {
    const raw = mailFixture("gmail-reply", { FROM: "smtp-sender@example.org", SUBJECTREF: "none" }, { messageId: "<by-smtp@example.org>" });
    await transport().sendMail({ envelope: { from: "smtp-sender@example.org", to: [`case+abcdefghijklmnopqrstuvwxyz234567@${DOMAIN}`] }, raw });
    const { rows } = await client.query("select via, outcome from inbound_mails where message_id = '<by-smtp@example.org>'");
    expect(rows).toEqual([{ via: "smtp", outcome: "intake" }]);
  });

  it("refuses to relay for other domains and refuses oversize messages", async () => {
    const raw = mailFixture("gmail-reply", {}, { messageId: "<relay@example.org>" });
    await expect(transport().sendMail({ envelope: { from: "a@example.org", to: ["victim@elsewhere.example"] }, raw })).rejects.toThrow(/550|Relay/);
    const big = Buffer.concat([Buffer.from("From: a@example.org\r\nMessage-ID: <big-smtp@example.org>\r\n\r\n"), Buffer.alloc(MAX + 10, 0x61)]);
    await expect(transport().sendMail({ envelope: { from: "a@example.org", to: [`x@${DOMAIN}`] }, raw: big })).rejects.toThrow(/552|size|too large/i);
    const { rows } = await client.query("select count(*)::int as n from inbound_mails where message_id in ('<relay@example.org>', '<big-smtp@example.org>')");
    expect(rows[0].n).toBe(0);
  });

  it("survives a client that sends garbage and hangs up", async () => {
    await new Promise<void>((resolve) => {
      const socket = net.connect(smtpPort, "127.0.0.1", () => {
        socket.write("\u0000\u0001 GARBAGE\r\nDATA\r\n" + "x".repeat(100_000) + "\r\n");
        setTimeout(() => socket.destroy(), 200);
      });
      socket.on("error", () => {});
      socket.on("close", () => resolve());
    });
    expect(app.running()).toBe(true);
  });
});
