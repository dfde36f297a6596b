import { describe, expect, it } from "vitest";
import { BODY_RULES, bodyDeadlineMs, checkForm, checkHead, checkTarget, cleanCookieHeader, validHost, type RequestLimits } from "../../server/request-limits";

const limits: RequestLimits = { maxFormBytes: 1024 * 1024, maxFormFields: 1000, maxFieldBytes: 100 * 1024, bodyTimeoutMs: 30_000, minUploadBytesPerSecond: 8 * 1024 };
const form = (text: string) => Buffer.from(text, "utf8");

describe("checkForm", () => {
  it("lets an ordinary form through, tabs, line breaks and non-Latin text included", () => {
    expect(checkForm(form("name=Ada+L%C3%B6we&description=one%0D%0Atwo%09three&x=&&y"), limits)).toBeNull();
    expect(checkForm(form(""), limits)).toBeNull();
  });

  it("refuses more fields than the limit with 413", () => {
    const fields = Array.from({ length: 1001 }, (_, i) => `f${i}=v`).join("&");
    expect(checkForm(form(fields), limits)).toMatchObject({ status: 413, message: expect.stringContaining("more than 1000 fields") });
    expect(checkForm(form(fields.slice(0, fields.lastIndexOf("&"))), limits)).toBeNull();
  });

  it("refuses a field longer than the limit once decoded, in its name or its value", () => {
    expect(checkForm(form(`a=${"x".repeat(100 * 1024 + 1)}`), limits)).toMatchObject({ status: 413 });
    expect(checkForm(form(`${"x".repeat(100 * 1024 + 1)}=a`), limits)).toMatchObject({ status: 413 });
    // 3 bytes per character in UTF-8: 34,134 characters pass the limit.
    expect(checkForm(form(`a=${"%E2%82%AC".repeat(34_134)}`), limits)).toMatchObject({ status: 413 });
    expect(checkForm(form(`a=${"%E2%82%AC".repeat(34_133)}`), limits)).toBeNull();
  });

  it("refuses NUL, other C0 controls and DEL, in names and values, encoded or raw", () => {
    for (const text of ["a=%00", "a%00=b", "a=%1B", "a=%7F", "a=%0B", "a=\u0000", "a=x%08"]) {
      expect(checkForm(form(text), limits), text).toMatchObject({ status: 400, message: expect.stringContaining("control character") });
    }
  });

  it("refuses invalid UTF-8 and bad percent-encoding", () => {
    expect(checkForm(Buffer.from([0x61, 0x3d, 0xc3, 0x28]), limits)).toMatchObject({ status: 400, message: expect.stringContaining("UTF-8") });
    for (const text of ["a=%E0%A4%A", "a=%ED%A0%80", "a=100%", "a=%zz"]) {
      expect(checkForm(form(text), limits), text).toMatchObject({ status: 400, message: expect.stringContaining("not correctly encoded") });
    }
  });
});

describe("checkTarget", () => {
  it("accepts ordinary paths and queries", () => {
    for (const url of ["/", "/cases?status=open&q=M%C3%BCller+GmbH", "/auth/link?token=abc_DEF-123", "/complain.data?_routes=routes%2Fcomplain"]) {
      expect(checkTarget(url), url).toBeNull();
    }
  });

  it("refuses bad percent-encoding and control characters in the path or the query", () => {
    for (const url of ["/%E0%A4%A", "/?q=%E0%A4%A", "/?q=%00", "/a%0Ab", "/?%7F=1", "/?a=%ED%A0%80"]) {
      expect(checkTarget(url), url).toMatchObject({ status: 400 });
    }
  });

  it("refuses a target that is not a path: asterisk-form and absolute-form", () => {
    for (const url of ["*", "http://127.0.0.1:3000/healthz", "https://evil.example/", "cases"]) {
      expect(checkTarget(url), url).toEqual({ status: 400, message: "Refused: the request target must be a path on this server." });
    }
  });
});

describe("cleanCookieHeader", () => {
  it("drops cookies that cannot be decoded and keeps the others", () => {
    expect(cleanCookieHeader("auth_session=abc123; bad=%E0%A4%A; theme=dark")).toBe("auth_session=abc123; theme=dark");
    expect(cleanCookieHeader("x=%00; y=%")).toBe("");
  });

  it("drops cookies whose name cannot be decoded (the session cookie's parser decodes every name)", () => {
    expect(cleanCookieHeader("%=1; auth_session=abc123; a%ZZ=x; %00=y")).toBe("auth_session=abc123");
  });
});

describe("checkHead", () => {
  const head = (method: string, headers: Record<string, string> = {}, url = "/complain") => checkHead({ method, url, path: url.split("?")[0]!, headers }, limits);

  it("answers unknown methods with 405 and the methods allowed", () => {
    for (const method of ["TRACE", "PUT", "DELETE", "PATCH", "PROPFIND"]) {
      expect(head(method)).toMatchObject({ status: 405, headers: { Allow: "GET, HEAD, POST, OPTIONS" } });
    }
    expect(head("GET")).toEqual({ rule: null });
  });

  it("takes urlencoded forms (UTF-8) and an empty post without a type; refuses other bodies with 415", () => {
    expect(head("POST", { "content-type": "application/x-www-form-urlencoded;charset=UTF-8", "content-length": "5" })).toMatchObject({ rule: { name: "forms" } });
    expect(head("POST", { "content-length": "0" })).toMatchObject({ rule: { name: "forms" } });
    for (const type of ["application/json", "text/plain", "application/x-www-form-urlencoded; charset=latin1"]) {
      expect(head("POST", { "content-type": type, "content-length": "5" }), type).toMatchObject({ status: 415 });
    }
    // Files: multipart only where a form takes them (ADR 016), streamed for the route to count.
    expect(head("POST", { "content-type": "multipart/form-data; boundary=x", "content-length": "5" })).toMatchObject({ rule: { name: "uploads", check: "stream" } });
    expect(head("POST", { "content-type": "multipart/form-data; boundary=x", "content-length": "5" }, "/my/cases/PS-2026-000001")).toMatchObject({ rule: { name: "uploads" } });
    expect(head("POST", { "content-type": "multipart/form-data; boundary=x", "content-length": "5" }, "/login")).toMatchObject({ status: 415 });
    expect(head("POST", { "content-type": "multipart/form-data; boundary=x", "content-length": String(200 * 1024 * 1024) })).toMatchObject({ status: 413 });
    // The same pages keep taking their urlencoded forms.
    expect(head("POST", { "content-type": "application/x-www-form-urlencoded", "content-length": "5" }, "/cases/PS-2026-000001")).toMatchObject({ rule: { name: "forms" } });
    expect(head("POST", { "content-length": "5" })).toMatchObject({ status: 415 });
    expect(head("POST", { "content-type": "application/x-www-form-urlencoded", "content-encoding": "gzip", "content-length": "5" })).toMatchObject({ status: 415 });
  });

  it("takes a raw mail at /inbound/email in any of its media types and charsets, and nothing else there", () => {
    const mail = (type: string, length = "5") => head("POST", { "content-type": type, "content-length": length }, "/inbound/email");
    for (const type of ["message/rfc822", "text/plain; charset=iso-8859-1", "application/octet-stream"]) {
      expect(mail(type), type).toMatchObject({ rule: { name: "inbound mail", check: "bytes" } });
    }
    expect(mail("application/x-www-form-urlencoded")).toMatchObject({ status: 415 });
    expect(mail("message/rfc822", String(27 * 1024 * 1024))).toMatchObject({ status: 413 });
    // Elsewhere a form must still be UTF-8.
    expect(head("POST", { "content-type": "application/x-www-form-urlencoded; charset=latin1", "content-length": "5" })).toMatchObject({ status: 415 });
  });

  it("refuses a declared length over the limit before reading, and a body on GET", () => {
    expect(head("POST", { "content-type": "application/x-www-form-urlencoded", "content-length": String(50 * 1024 * 1024) })).toMatchObject({ status: 413 });
    expect(head("GET", { "content-length": "3" })).toMatchObject({ status: 400 });
    expect(head("GET", { "transfer-encoding": "chunked" })).toMatchObject({ status: 400 });
    expect(head("GET", { "content-length": "0" })).toEqual({ rule: null });
  });
});

describe("bodyDeadlineMs", () => {
  const rule = (name: string) => BODY_RULES.find((r) => r.name === name)!;

  it("gives a form BODY_TIMEOUT_MS, however much of it has come", () => {
    expect(bodyDeadlineMs(rule("forms"), limits, 0)).toBe(30_000);
    expect(bodyDeadlineMs(rule("forms"), limits, 900 * 1024)).toBe(30_000);
    expect(bodyDeadlineMs(rule("inbound mail"), limits, 5 * 1024 * 1024)).toBe(30_000);
  });

  it("gives an upload BODY_TIMEOUT_MS plus a second per 8 KiB received: a trickle is cut, a slow line is not", () => {
    const uploads = rule("uploads");
    // "--X\r\n" and then nothing: cut after 30 s, like a form.
    expect(bodyDeadlineMs(uploads, limits, 5)).toBe(30_000);
    // 10 MB at 8 KiB/s takes 1,280 s: every moment of it is within the deadline.
    const rate = 8 * 1024;
    for (const seconds of [10, 100, 1_280]) expect(bodyDeadlineMs(uploads, limits, seconds * rate), String(seconds)).toBe(30_000 + seconds * 1000);
    // At half that pace it falls behind: after 120 s it has earned 60 s, 90 in all.
    expect(bodyDeadlineMs(uploads, limits, 120 * (rate / 2))).toBe(90_000);
  });
});

describe("validHost", () => {
  it("takes a host name with or without a port, and refuses what cannot be one", () => {
    for (const host of ["localhost:3000", "recourse.example", "127.0.0.1:8080", "[::1]:3000", undefined]) expect(validHost(host), String(host)).toBe(true);
    for (const host of ["evil.example:99999", "a b", "", "x/y@z:1:2"]) expect(validHost(host), host).toBe(false);
  });
});
