import { describe, expect, it } from "vitest";
import { messageIdsIn, referencesInSubject } from "../../../app/mail/inbound/subject";

describe("referencesInSubject", () => {
  it("finds case references in any case, once each", () => {
    expect(referencesInSubject("Re: Privacy Inquiry [PS-2026-000123]")).toEqual(["PS-2026-000123"]);
    expect(referencesInSubject("re: ps-2026-000123 and DPF-2027-000004, again PS-2026-000123")).toEqual(["PS-2026-000123", "DPF-2027-000004"]);
    expect(referencesInSubject("Privacy Inquiry")).toEqual([]);
    expect(referencesInSubject("XPS-2026-0001234567890")).toEqual([]);
    expect(referencesInSubject(undefined)).toEqual([]);
  });
});

describe("messageIdsIn", () => {
  it("lists the ids of a References header", () => {
    expect(messageIdsIn("<a@b.example> <c@d.example>\r\n <a@b.example>")).toEqual(["<a@b.example>", "<c@d.example>"]);
    expect(messageIdsIn(["<x@y>", "<z@w>"])).toEqual(["<x@y>", "<z@w>"]);
    expect(messageIdsIn("no ids here")).toEqual([]);
  });
});
