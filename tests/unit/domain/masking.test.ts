import { describe, expect, it } from "vitest";
import { identityRevealRefusal, intakeSenderShownInFull, maskAddressIn, maskAddressesIn, maskEmail, maskIdentity, maskName, maskedIdentityText } from "../../../app/domain/masking";

describe("maskName: initials only", () => {
  it.each([
    ["Jane Wilson", "J. W."],
    ["jane wilson", "J. W."],
    ["Madonna", "M."],
    ["  Jane   Q.  Wilson ", "J. Q. W."],
    ["Jean-Luc Picard", "J. P."],
    ["Łukasz Żółć", "Ł. Ż."],
    ["Émile Zola", "É. Z."],
    // The same name with the accent as a combining mark: one character, not a bare "E".
    ["E\u0301mile Zola", "É. Z."],
    ["Ömer Çelik", "Ö. Ç."],
    ["Σωκράτης Παππάς", "Σ. Π."],
    ["Иван Петров", "И. П."],
    ["山田 太郎", "山. 太."],
    ["ßaron Bär", "ß. B."],
    ["\"Jo\" (Joanna) Wilson", "J. J. W."],
    ["Maria de los Ángeles García Pérez", "M. D. L. Á."],
    ["A B", "A. B."],
    ["J", "J."],
    ["Jane\u00a0Wilson", "J. W."],
  ])("%j -> %j", (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it.each([[""], ["   "], [null], [undefined], ["- . ,"]])("%j has no initials: null", (name) => {
    expect(maskName(name)).toBeNull();
  });

  it("never contains the name's second letter of any word", () => {
    const masked = maskName("Xavier Yolanda Zimmermann")!;
    for (const part of ["Xa", "Yo", "Zi"]) expect(masked).not.toContain(part);
  });
});

describe("maskEmail: two characters of the local part, then ***, then the domain", () => {
  it.each([
    ["joanna@example.de", "jo***@example.de"],
    ["Joanna.Wilson@Example.DE", "Jo***@Example.DE"],
    // Short local parts never show whole.
    ["abc@example.de", "ab***@example.de"],
    ["ab@example.de", "a***@example.de"],
    ["a@example.de", "***@example.de"],
    // A +tag is hidden whole; the characters shown come from before it.
    ["joanna+recourse@example.de", "jo***@example.de"],
    ["j+tag@example.de", "***@example.de"],
    ["jo+x@example.de", "j***@example.de"],
    ["+only@example.de", "***@example.de"],
    // Unicode local parts count characters, not code units.
    ["zoë@example.de", "zo***@example.de"],
    ["ü@example.de", "***@example.de"],
    ["山田太郎@example.jp", "山田***@example.jp"],
    // A quoted local part with "@" in it: the domain is after the last one.
    ["\"a@b\"@example.de", "\"a***@example.de"],
    ["  joanna@example.de  ", "jo***@example.de"],
    // Not an address at all: masked as a local part.
    ["joanna", "jo***"],
    ["@example.de", "***@example.de"],
  ])("%j -> %j", (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });

  it.each([[""], ["  "], [null], [undefined]])("a missing address (%j) is null", (email) => {
    expect(maskEmail(email)).toBeNull();
  });
});

describe("maskIdentity and its one-line form", () => {
  it.each([
    [{ name: "Jane Wilson", email: "joanna@example.de" }, "J. W., jo***@example.de"],
    [{ name: "Jane Wilson", email: null }, "J. W."],
    [{ name: "", email: "joanna@example.de" }, "jo***@example.de"],
    [{ name: null, email: null }, "unknown"],
    [null, "unknown"],
  ])("%j -> %j", (person, text) => {
    expect(maskedIdentityText(maskIdentity(person))).toBe(text);
  });

  it("keeps the parts apart for a table cell", () => {
    expect(maskIdentity({ name: "Jane Wilson", email: "joanna+x@example.de" })).toEqual({ name: "J. W.", email: "jo***@example.de" });
  });
});

describe("maskAddressIn: an address quoted in other text", () => {
  it.each([
    ["550 5.1.1 <joanna@example.de>: Recipient address rejected", "joanna@example.de", "550 5.1.1 <jo***@example.de>: Recipient address rejected"],
    ["JOANNA@EXAMPLE.DE bounced; joanna@example.de again", "joanna@example.de", "jo***@example.de bounced; jo***@example.de again"],
    // Characters of a regular expression in the address are taken literally.
    ["to a.b+c@x.de and aXb+c@x.de", "a.b+c@x.de", "to a.***@x.de and aXb+c@x.de"],
    ["connect ECONNREFUSED 127.0.0.1:25", "joanna@example.de", "connect ECONNREFUSED 127.0.0.1:25"],
    ["no address known", "", "no address known"],
  ])("%j (%j) -> %j", (text, address, masked) => {
    expect(maskAddressIn(text, address)).toBe(masked);
  });
  it("leaves no text as no text (a delivery without an error)", () => {
    expect(maskAddressIn(null, "joanna@example.de")).toBeNull();
  });
});

describe("an anonymised person (retention, ADR 026): 'Anonymised', never initials made from the placeholder", () => {
  const placeholder = { name: "Anonymised complainant", email: "anonymised@invalid" };

  it("the placeholder case person, and an emptied account, are shown as anonymised", () => {
    expect(maskIdentity(placeholder)).toEqual({ name: null, email: null, anonymised: true });
    expect(maskIdentity({ name: "[anonymised]", email: "anonymised-0b7c3d9e-2f41-4e6a-9c55-1d2e3f4a5b6c@invalid" })).toEqual({ name: null, email: null, anonymised: true });
    expect(maskedIdentityText(maskIdentity(placeholder))).toBe("Anonymised");
    expect(maskEmail("anonymised@invalid")).toBe("Anonymised");
    expect(maskAddressIn("550 <anonymised@invalid>: no such user", "anonymised@invalid")).toBe("550 <Anonymised>: no such user");
  });

  it("a case marked anonymised masks nobody, whoever it points to; other people are masked as before", () => {
    expect(maskIdentity({ name: "Jane Wilson", email: "jane@example.de" }, { anonymised: true })).toEqual({ name: null, email: null, anonymised: true });
    expect(maskIdentity({ name: "Anne Onymised", email: "anonymised@example.org" })).toEqual({ name: "A. O.", email: "an***@example.org" });
    expect(maskEmail("anonymised-x@invalid")).toBe("an***@invalid");
  });

  it("has no identity to reveal", () => {
    expect(identityRevealRefusal({ anonymised: true })).toMatch(/anonymised/);
    expect(identityRevealRefusal({ anonymised: false })).toBeNull();
    expect(identityRevealRefusal({})).toBeNull();
  });
});

describe("maskAddressesIn: every address in a note", () => {
  it.each([
    ["Bounce of the case_filed mail to jane.doe@example.de.", "Bounce of the case_filed mail to ja***@example.de."],
    ["To <jane.doe@mail.example.co.uk>, cc a@b.org", "To <ja***@mail.example.co.uk>, cc ***@b.org"],
    ["Jane.Doe@Example.de and jane.doe@example.de", "Ja***@Example.de and Ja***@Example.de"],
    ["Names case PS-2026-000001 in its subject.", "Names case PS-2026-000001 in its subject."],
  ])("%s", (text, masked) => {
    expect(maskAddressesIn(text)).toBe(masked);
  });
  it("no text stays none", () => {
    expect(maskAddressesIn(null)).toBeNull();
  });
});

describe("intakeSenderShownInFull", () => {
  it("only while the item waits for a decision", () => {
    expect(["open", "case_opened", "attached", "discarded"].map((s) => intakeSenderShownInFull(s as "open"))).toEqual([true, false, false, false]);
  });
});
