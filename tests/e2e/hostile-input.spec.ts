import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { rawRequest } from "../support/raw-http";
import { brokenZip, zipBomb } from "../support/zip";
import { DEMO, demoComplainantCases, expect, test } from "./fixtures";

// What the server does with requests no page of ours sends: forms of 50,000 fields, NUL bytes,
// bodies that are not forms, 50 MB uploads, methods nobody uses. Each is refused quickly with a
// plain sentence, and nobody else waits meanwhile. Speed bounds are generous (the figures are
// printed); the point is seconds, not minutes.

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const MB = 1024 * 1024;

/**
 * What the kernel may take from a writer on loopback before the server reads a byte: the receive
 * buffer's ceiling plus the send buffer's (Linux autotunes both; here up to 32 MB and 4 MB), and
 * a little for what Node reads before it looks at the headers. 20 MB where /proc does not say.
 */
function kernelBuffering(): number {
  try {
    const most = (file: string) => Number(readFileSync(`/proc/sys/net/ipv4/${file}`, "utf8").trim().split(/\s+/)[2]);
    const sum = most("tcp_rmem") + most("tcp_wmem") + 2 * MB;
    return Number.isFinite(sum) && sum > 0 ? sum : 20 * MB;
  } catch {
    return 20 * MB;
  }
}

function baseURL(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set");
  return url;
}

function manyFields(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(`f${i}=v`);
  return parts.join("&");
}

/** A complaint the form would accept, with `overrides` replacing fields. */
function complaint(overrides: Record<string, string> = {}): string {
  return new URLSearchParams({
    organization: "operator",
    category: "notice",
    description: "I keep receiving catalogues although I asked to be removed.",
    desiredOutcome: "Delete my data.",
    country: "DE",
    name: "Hostile Tester",
    email: `hostile.${randomUUID().slice(0, 8)}@example.eu`,
    submissionKey: randomUUID(),
    ...overrides,
  }).toString();
}

/** GETs / one after another until `until` settles; returns each answer's time in ms. */
async function timeHomePageWhile(until: Promise<unknown>): Promise<number[]> {
  let settled = false;
  void until.finally(() => (settled = true));
  const times: number[] = [];
  for (let i = 0; i < 100 && (!settled || times.length === 0); i++) {
    const answer = await rawRequest(baseURL(), { method: "GET", path: "/" });
    expect(answer.status).toBe(200);
    times.push(answer.ms);
  }
  return times;
}

for (const fields of [50_000, 200_000]) {
  test(`an anonymous form of ${fields.toLocaleString("en")} fields is refused at once, and / answers meanwhile`, async () => {
    const body = manyFields(fields);
    const post = rawRequest(baseURL(), { method: "POST", path: "/complain", headers: FORM, body, timeoutMs: 25_000 });
    const homeTimes = await timeHomePageWhile(post);
    const answer = await post;
    console.log(`[figure] ${fields} fields (${Math.round(body.length / 1024)} KB): ${answer.status} in ${answer.ms} ms; GET / meanwhile: max ${Math.max(...homeTimes)} ms over ${homeTimes.length}`);
    expect(answer.status).toBe(413);
    // 200,000 fields also pass the 1 MB limit, which is checked first.
    expect(answer.body).toMatch(/more than 1000 fields|larger than 1 MB/);
    expect(answer.ms).toBeLessThan(5_000);
    expect(Math.max(...homeTimes)).toBeLessThan(5_000);
  });
}

test("a NUL byte or another control character in a text field is a 400 that says so", async ({ request }) => {
  for (const [field, value] of [
    ["description", "before\u0000after"],
    ["name", "Nul\u0000"],
    ["desiredOutcome", "bell\u0007"],
    ["email\u0000", "x"],
  ] as const) {
    const response = await request.post("/complain", { headers: FORM, data: complaint({ [field]: value }), maxRedirects: 0 });
    expect(response.status(), `${JSON.stringify(field)}`).toBe(400);
    expect(await response.text()).toContain("control character");
  }
  // Tabs and line breaks are text: the same complaint with them is filed.
  const fine = await request.post("/complain", {
    headers: FORM,
    data: complaint({ description: "line one\r\nline two\tindented" }),
    maxRedirects: 0,
  });
  expect(fine.status()).toBe(302);
  expect(fine.headers()["location"]).toMatch(/^\/complain\/received\/PS-\d{4}-\d{6}$/);
});

test("a form that is not UTF-8 or not correctly percent-encoded is a 400", async ({ request }) => {
  // Each one added to a complaint that would otherwise be filed.
  for (const extra of [Buffer.from([0x26, 0x65, 0x61, 0x72, 0x6c, 0x69, 0x65, 0x72, 0x43, 0x6f, 0x6e, 0x74, 0x61, 0x63, 0x74, 0x3d, 0xff, 0xfe]), "&earlierContact=%E0%A4%A", "&earlierContact=%ED%A0%80", "&earlierContact=100%"]) {
    const data = Buffer.concat([Buffer.from(complaint()), Buffer.from(extra)]);
    const response = await request.post("/complain", { headers: FORM, data, maxRedirects: 0 });
    expect(response.status(), String(extra)).toBe(400);
    expect(await response.text()).toMatch(/not valid UTF-8|not correctly encoded/);
  }
});

/** The forms that carry files, where multipart is a form too. */
const UPLOAD_PATHS = ["/complain", "/complain.data", "/cases/PS-2026-000001", "/cases/new"];

test("a body that is not a form is a 415 on every action, single fetch (.data) included", async ({ request }) => {
  const bodies: Array<[string, string]> = [
    ["application/json", JSON.stringify({ name: "x" })],
    ["text/plain", "name=x"],
    ["multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--x--\r\n"],
    ["application/xml", "<a/>"],
    ["application/x-www-form-urlencoded; charset=iso-8859-1", "name=x"],
  ];
  for (const path of ["/complain", "/complain.data", "/login", "/signin", "/logout", "/auth/link", "/cases/PS-2026-000001", "/cases/new", "/_root.data"]) {
    for (const [type, data] of bodies) {
      const response = await request.post(path, { headers: { "Content-Type": type }, data });
      if (type.startsWith("multipart/") && UPLOAD_PATHS.includes(path)) {
        // Forms that carry files take multipart (ADR 016): the route answers this stranger's empty
        // form as it answers any form (400, or sign in first), never 415 and never a 5xx.
        expect(response.status(), `${type} to ${path}`).not.toBe(415);
        expect(response.status(), `${type} to ${path}`).toBeLessThan(500);
        continue;
      }
      expect(response.status(), `${type} to ${path}`).toBe(415);
      expect(await response.text()).toContain("Refused:");
    }
  }
});

for (const chunked of [false, true]) {
  test(`a 50 MB body (${chunked ? "chunked" : "with Content-Length"}) is refused with 413 without being read`, async () => {
    const total = 50 * MB;
    const answer = await rawRequest(baseURL(), {
      method: "POST",
      path: "/complain",
      headers: FORM,
      stream: { chunk: Buffer.alloc(256 * 1024, "a"), total, chunked },
      timeoutMs: 25_000,
    });
    console.log(`[figure] 50 MB ${chunked ? "chunked" : "declared"}: ${answer.status} in ${answer.ms} ms after ${(answer.bytesSent / MB).toFixed(1)} MB sent`);
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("larger than 1 MB");
    expect(answer.ms).toBeLessThan(5_000);
    // The answer came before the body: only what the kernel buffers between the two sockets was
    // written by then (CI saw 4 to 22 MB); a server that read the body first would have taken all 50.
    expect(answer.bytesSent).toBeLessThan(Math.min(kernelBuffering(), total - 1));
  });
}

/** A multipart form with text fields and one file in the form's file field, as a browser sends it. */
function multipart(fields: Record<string, string>, file: { name: string; bytes: Buffer }): { type: string; body: Buffer } {
  const boundary = `----recourse${randomUUID()}`;
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { type: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}

test("a broken ZIP or a zip bomb on a form that takes files is refused as a type we do not take, at once, never a 500", async ({ page, signInStaff }) => {
  test.setTimeout(90_000);
  // The probe's file (a ZIP signature and zeros), and a .docx whose [Content_Types].xml inflates to 200 MB.
  const files = [
    { name: "fake.docx", bytes: brokenZip() },
    { name: "bomb.docx", bytes: await zipBomb(200 * MB) },
  ];
  const refused = (name: string) => `&quot;${name}&quot; is not a file type we accept.`;
  // Anonymous, on the public complaint form, as the probe sent it.
  for (const file of files) {
    const { type, body } = multipart({ intent: "find-company" }, file);
    const post = rawRequest(baseURL(), { method: "POST", path: "/complain", headers: { "Content-Type": type, Origin: baseURL(), "Sec-Fetch-Site": "same-origin" }, body, timeoutMs: 25_000 });
    const homeTimes = await timeHomePageWhile(post);
    const answer = await post;
    console.log(`[figure] ${file.name} (${Math.round(file.bytes.length / 1024)} KB) to /complain: ${answer.status} in ${answer.ms} ms; GET / meanwhile: max ${Math.max(...homeTimes)} ms over ${homeTimes.length}`);
    expect(answer.status, file.name).toBe(400);
    expect(answer.body).toContain(refused(file.name));
    expect(answer.ms).toBeLessThan(2_000);
    expect(Math.max(...homeTimes)).toBeLessThan(5_000);
  }
  // Signed in, on the officer's new-case form and a case page (the complainant's: attachments.spec.ts).
  await signInStaff(page, DEMO.officer, DEMO.password);
  const [reference] = await demoComplainantCases(1);
  for (const path of ["/cases/new", `/cases/${reference}`]) {
    for (const file of files) {
      const response = await page.request.post(path, {
        multipart: { intent: "post_message", body: "Attached.", files: { name: file.name, mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: file.bytes } },
        maxRedirects: 0,
      });
      expect(response.status(), `${file.name} to ${path}`).toBe(400);
      expect(await response.text()).toContain(refused(file.name));
    }
  }
});

test("TRACE and other unknown methods are a 405 with Allow; OPTIONS lists the methods", async () => {
  for (const method of ["TRACE", "PROPFIND", "PUT", "DELETE", "PATCH", "MKCOL"]) {
    const answer = await rawRequest(baseURL(), { method, path: "/" });
    expect(answer.status, method).toBe(405);
    expect(answer.headers["allow"]).toBe("GET, HEAD, POST, OPTIONS");
    expect(answer.body).toContain(`the method ${method} is not allowed`);
  }
  // Node itself answers a method it does not know with 400, and closes a CONNECT nobody handles.
  expect((await rawRequest(baseURL(), { method: "BREW", path: "/" })).status).toBe(400);
  await expect(rawRequest(baseURL(), { method: "CONNECT", path: "127.0.0.1:1" })).rejects.toThrow(/closed without an answer/);
  const options = await rawRequest(baseURL(), { method: "OPTIONS", path: "/complain" });
  expect(options.status).toBe(204);
  expect(options.headers["allow"]).toBe("GET, HEAD, POST, OPTIONS");
});

test("the address is checked: bad percent-encoding or a control character is a 400", async ({ request }) => {
  for (const path of ["/?q=%E0%A4%A", "/cases?status=%00", "/signin?email=%7F", "/%E0%A4%A", "/cases/%00", "/my/cases/PS-2026-000001%0B"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
  }
});

test("a body on a GET is refused, and a garbled cookie is ignored rather than a 500", async ({ request }) => {
  const get = await rawRequest(baseURL(), { method: "GET", path: "/", headers: FORM, body: "a=1" });
  expect(get.status).toBe(400);
  const cookie = await request.get("/my", { headers: { Cookie: "auth_session=%E0%A4%A; other=%%" }, maxRedirects: 0 });
  expect(cookie.status()).toBe(302);
  expect(cookie.headers()["location"]).toMatch(/^\/signin/);
});

test("limits leave ordinary forms alone: a long complaint within the field limit is filed", async ({ request }) => {
  const response = await request.post("/complain", {
    headers: FORM,
    data: complaint({ description: "Ω".repeat(9_000) }),
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
});
