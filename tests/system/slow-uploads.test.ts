import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmbeddedPostgres, type RunningPostgres } from "../../app/db/embedded-postgres.server";
import { startApp, type AppProcess } from "../support/app-process";
import { freePort } from "../support/ports";
import { rawRequest } from "../support/raw-http";

// The body timeout on a running app, for the forms that take files (ADR 054): an upload that
// trickles is answered 408 and its connection closed, as a form is; one that keeps
// UPLOAD_MIN_BYTES_PER_SECOND goes through however long it takes. BODY_TIMEOUT_MS is lowered to
// 2 s (30 s by default) and the pace to 1 KiB/s (8 KiB/s), so this takes seconds.

const TIMEOUT_MS = 2_000;
const RATE = 1_024;
const TOO_SLOW = "Refused: the request body took too long to arrive.";

let root: string;
let postgres: RunningPostgres;
let app: AppProcess;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "recourse-slow-"));
  await chmod(root, 0o755);
  postgres = await startEmbeddedPostgres({ dir: path.join(root, "pg"), port: await freePort(), quiet: true });
  await postgres.createDatabase("recourse");
  app = startApp({
    port: await freePort(),
    env: {
      DATABASE_URL: postgres.url("recourse"),
      // As deployed: Express logs an error only outside "test".
      NODE_ENV: "production",
      DEV_MAILBOX: "0",
      WORKER: "0",
      SMTP_URL: undefined,
      DATA_DIR: path.join(root, "data"),
      BODY_TIMEOUT_MS: String(TIMEOUT_MS),
      UPLOAD_MIN_BYTES_PER_SECOND: String(RATE),
    },
    label: "slow",
  });
  await app.waitUntilHealthy();
});

afterAll(async () => {
  await app?.stop();
  await postgres?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

/** The complaint form's "find the company" with a text file of `fileBytes`, as multipart. */
function findCompanyWithFile(fileBytes: number): Buffer {
  const part = (headers: string, content: string) => `--X\r\n${headers}\r\n\r\n${content}\r\n`;
  return Buffer.from(
    part('Content-Disposition: form-data; name="intent"', "find-company") +
      part('Content-Disposition: form-data; name="companyQuery"', "Northwind") +
      part('Content-Disposition: form-data; name="files"; filename="notes.txt"\r\nContent-Type: text/plain', "a".repeat(fileBytes)) +
      "--X--\r\n",
  );
}

const MULTIPART = { "Content-Type": "multipart/form-data; boundary=X" };

it("an upload that stops after its first line is answered 408 after BODY_TIMEOUT_MS, its connection closed, as a form is; / answers meanwhile", async () => {
  for (const [type, sent] of [
    [MULTIPART["Content-Type"], "--X\r\n"],
    ["application/x-www-form-urlencoded", "intent=find-company&companyQuery=No"],
  ] as const) {
    // Keep-alive asked for: the server is the one to close.
    const post = rawRequest(app.baseUrl, { method: "POST", path: "/complain", headers: { "Content-Type": type, "Content-Length": "1000", Connection: "keep-alive" }, body: sent, timeoutMs: 15_000 });
    const home = await rawRequest(app.baseUrl, { method: "GET", path: "/" });
    const answer = await post;
    console.log(`[figure] ${type.split(";")[0]}, ${sent.length} of 1000 bytes sent: ${answer.status} after ${answer.ms} ms (BODY_TIMEOUT_MS ${TIMEOUT_MS}); GET / meanwhile ${home.ms} ms`);
    expect(answer.status, type).toBe(408);
    expect(answer.body).toBe(TOO_SLOW);
    expect(answer.headers["connection"]).toBe("close");
    expect(answer.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(answer.ms).toBeLessThan(TIMEOUT_MS + 3_000);
    expect(home.status).toBe(200);
    expect(home.ms).toBeLessThan(TIMEOUT_MS);
  }
});

it("an upload that keeps UPLOAD_MIN_BYTES_PER_SECOND goes through past BODY_TIMEOUT_MS; one at half that pace is cut when it falls behind", async () => {
  const body = findCompanyWithFile(5_000);
  // 512 bytes every 250 ms: 2 KiB/s, about 2.8 s in all.
  const steady = await rawRequest(app.baseUrl, { method: "POST", path: "/complain", headers: MULTIPART, body, pace: { bytes: 512, everyMs: 250 }, timeoutMs: 20_000 });
  console.log(`[figure] ${body.length} bytes at 2 KiB/s: ${steady.status} after ${steady.ms} ms`);
  expect(steady.status).toBe(200);
  expect(steady.ms).toBeGreaterThan(TIMEOUT_MS);
  expect(steady.body).toContain("Northwind");

  // 128 bytes every 250 ms: 512 B/s. After t seconds it has earned t/2 more: cut at about 4 s
  // (all of it would take 11 s).
  const slow = await rawRequest(app.baseUrl, { method: "POST", path: "/complain", headers: MULTIPART, body, pace: { bytes: 128, everyMs: 250 }, timeoutMs: 20_000 });
  console.log(`[figure] ${body.length} bytes at 512 B/s: ${slow.status} after ${slow.ms} ms, ${slow.bytesSent} bytes sent`);
  expect(slow.status).toBe(408);
  expect(slow.body).toBe(TOO_SLOW);
  expect(slow.ms).toBeGreaterThan(3_000);
  expect(slow.ms).toBeLessThan(7_000);
});

it("logs no error for the answers the gate cut short", () => {
  expect(app.output()).not.toMatch(/ERR_HTTP_HEADERS_SENT|Error:/);
});
