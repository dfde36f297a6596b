import { describe, expect, it } from "vitest";
import { isIsoDay, isIsoInstant } from "../../../app/domain";

describe("isIsoDay", () => {
  it("accepts real days written YYYY-MM-DD from 1900 to 2999", () => {
    for (const day of ["1900-01-01", "2024-02-29", "2026-11-30", "2999-12-31"]) expect(isIsoDay(day), day).toBe(true);
  });

  it("refuses days that do not exist, other spellings, and years PostgreSQL or the product cannot mean", () => {
    for (const day of ["2026-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-1-01", "20261130", " 2026-11-30", "0000-01-01", "0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"]) {
      expect(isIsoDay(day), day).toBe(false);
    }
  });
});

describe("isIsoInstant", () => {
  it("accepts what toISOString writes, and PostgreSQL's microseconds", () => {
    for (const at of [new Date("2026-11-30T09:00:00Z").toISOString(), "2026-11-30T09:00:00Z", "2026-11-30T23:59:59.123456Z"]) expect(isIsoInstant(at), at).toBe(true);
  });

  it("refuses instants that do not exist (which Date.parse accepts as the next month) and other spellings", () => {
    expect(Number.isNaN(Date.parse("2026-02-30T00:00:00Z"))).toBe(false); // why a regex and Date.parse were not enough
    for (const at of ["2026-02-30T00:00:00Z", "2026-04-31T00:00:00.000Z", "0000-01-01T00:00:00Z", "2026-11-30T24:00:00Z", "2026-11-30T10:60:00Z", "2026-11-30T10:00:60Z", "2026-11-30 10:00:00Z", "2026-11-30T10:00:00+01:00", "2026-11-30T10:00:00.1234567Z"]) {
      expect(isIsoInstant(at), at).toBe(false);
    }
  });
});
