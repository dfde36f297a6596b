import { describe, expect, it } from "vitest";
import { safeNext } from "../../../app/auth/safe-next";

const FALLBACK = "/cases";

// What a browser receives is the form value, already decoded once from the query string
// (`/login?next=%2F%09%2Fevil.example%2Fx` arrives as "/\t/evil.example/x").
const REFUSED: Array<[string, string]> = [
  ["the issue's attack: tab between the slashes", "/\t/evil.example/x"],
  ["CR between the slashes", "/\r/evil.example/x"],
  ["LF between the slashes", "/\n/evil.example/x"],
  ["CR LF header injection", "/cases\r\nSet-Cookie: x=1"],
  ["a NUL", "/cases\u0000"],
  ["DEL", "/cases\u007f"],
  ["protocol-relative", "//evil.example/x"],
  ["slash backslash", "/\\evil.example"],
  ["backslash anywhere", "/cases\\..\\x"],
  ["absolute URL", "https://evil.example/"],
  ["javascript scheme", "javascript:alert(1)"],
  ["relative path", "cases"],
  ["encoded slash after slash", "/%2Fevil.example"],
  ["encoded backslash", "/%5Cevil.example"],
  ["encoded tab", "/%09/evil.example/x"],
  ["encoded CR LF", "/cases%0d%0aSet-Cookie:%20x=1"],
  ["doubly encoded slash", "/%252Fevil.example"],
  ["doubly encoded tab", "/%2509/evil.example"],
  ["encoded leading slashes", "%2F%2Fevil.example"],
  ["malformed percent-encoding", "/cases%E0%A4%A"],
  ["a dot segment before two slashes (the parser makes it //evil.example)", "/.//evil.example"],
  ["a parent segment before two slashes", "/x/..//evil.example"],
  ["an encoded dot segment before two slashes", "/%2e//evil.example"],
  ["a dot segment before an encoded slash pair", "/./%2F/evil.example"],
  ["empty", ""],
  ["too long", `/${"a".repeat(3000)}`],
];

const ALLOWED = ["/cases", "/cases/PS-2026-000123", "/my/cases/PS-2026-000123", "/cases?status=open&stage=client", "/cases?q=a%20b", "/"];

describe("safeNext", () => {
  it.each(REFUSED)("refuses %s", (_label, next) => {
    expect(safeNext(next, FALLBACK)).toBe(FALLBACK);
  });

  it.each(ALLOWED)("keeps the on-site path %s", (next) => {
    expect(safeNext(next, FALLBACK)).toBe(next);
  });

  it("falls back without a value", () => {
    expect(safeNext(null, FALLBACK)).toBe(FALLBACK);
    expect(safeNext(undefined, FALLBACK)).toBe(FALLBACK);
  });

  it("never returns a value a Location header cannot carry", () => {
    for (const [, next] of REFUSED) expect(() => new Headers({ Location: safeNext(next, FALLBACK) })).not.toThrow();
  });

  it("gives back a path beyond Latin-1 percent-encoded, so a redirect to it is not a 500", () => {
    for (const next of ["/\u65e5", "/my/cases/PS-2026-000001?x=\u65e5\u672c", "/cases#\u00e9t\u00e9\u2603"]) {
      const kept = safeNext(next, FALLBACK);
      expect(kept).not.toBe(FALLBACK);
      expect(decodeURIComponent(kept)).toBe(next);
      expect(() => new Headers({ Location: kept })).not.toThrow();
    }
    expect(safeNext("/%E6%97%A5", FALLBACK)).toBe("/%E6%97%A5");
  });
});
