import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { webProcessCount } from "../../server/web-processes";

describe("WEB_PROCESSES", () => {
  it("is one process unless set", () => {
    expect(webProcessCount(undefined)).toBe(1);
    expect(webProcessCount("")).toBe(1);
    expect(webProcessCount("  ")).toBe(1);
  });

  it("takes a whole number from 1 to 64, or auto for one per core", () => {
    expect(webProcessCount("1")).toBe(1);
    expect(webProcessCount(" 4 ")).toBe(4);
    expect(webProcessCount("64")).toBe(64);
    expect(webProcessCount("auto")).toBe(availableParallelism());
  });

  it.each(["0", "-2", "1.5", "65", "two", "2x", "Infinity"])("refuses %j with a message naming the setting", (raw) => {
    expect(() => webProcessCount(raw)).toThrow(/^WEB_PROCESSES must be a whole number from 1 to 64, or "auto"/);
  });
});
