// t() formats messages with placeholders through its own parsed-once cache (app/i18n/translate.ts);
// it must write exactly what react-intl's formatMessage writes, in every language and zone.
import { describe, expect, it } from "vitest";
import { LOCALES, translatorFor } from "~/i18n";
import { MESSAGES } from "~/i18n/translate";

/** A value for each placeholder of a message, of the kind its format asks for. */
function sampleValues(message: string): Record<string, string | number | Date> {
  const values: Record<string, string | number | Date> = {};
  for (const [, name, kind] of message.matchAll(/\{\s*(\w+)\s*(?:,\s*(\w+))?/g)) {
    values[name!] = kind === "date" || kind === "time" ? new Date("2027-01-14T04:30:00Z") : kind === "plural" || kind === "number" || kind === "selectordinal" ? 3 : "Anna";
  }
  return values;
}

describe("t(key, values)", () => {
  for (const locale of LOCALES) {
    for (const zone of ["America/New_York", "Europe/Berlin", "UTC"]) {
      it(`writes what react-intl writes, ${locale}, ${zone}`, () => {
        const t = translatorFor(locale, zone);
        const keys = Object.keys(MESSAGES[locale]).filter((k) => MESSAGES[locale][k]!.includes("{") && !/<\w+>/.test(MESSAGES[locale][k]!));
        expect(keys.length).toBeGreaterThan(50);
        for (const key of keys) {
          const values = sampleValues(MESSAGES[locale][key]!);
          expect(t(key as never, values), key).toBe(t.intl.formatMessage({ id: key }, values));
        }
      });
    }
  }

  it("writes a day in the zone it was made for", () => {
    // 04:30 UTC on 14 Jan is still 13 Jan in New York.
    expect(translatorFor("en", "America/New_York")("case.header.made", { reference: "R-1", openedAt: new Date("2027-01-14T04:30:00Z") })).toBe("Complaint R-1 · made on 13 Jan 2027");
    expect(translatorFor("de", "Europe/Berlin")("case.header.made", { reference: "R-1", openedAt: new Date("2027-01-14T04:30:00Z") })).toContain("14. Jan. 2027");
  });

  it("writes each call's own values when the same message was written before (remembered texts)", () => {
    const t = translatorFor("en", "Europe/Berlin");
    const fresh = (values: Record<string, string | number>) => t.intl.formatMessage({ id: "common.badge.dueIn" }, values);
    for (let round = 0; round < 3; round++) {
      expect(t("common.badge.dueIn", { days: 1 })).toBe(fresh({ days: 1 }));
      expect(t("common.badge.dueIn", { days: 5 })).toBe(fresh({ days: 5 }));
    }
    expect(t("common.badge.dueIn", { days: 1 })).toBe("due in 1 day");
    expect(t("common.badge.dueIn", { days: 5 })).toBe("due in 5 days");
    // The same value as text is a different call (plural of a number, not of a word).
    expect(t("common.nav.signedInAs", { name: "1" })).toBe(t.intl.formatMessage({ id: "common.nav.signedInAs" }, { name: "1" }));
    // Other languages and zones keep their own texts.
    expect(translatorFor("de", "Europe/Berlin")("common.badge.dueIn", { days: 5 })).toBe(translatorFor("de", "Europe/Berlin").intl.formatMessage({ id: "common.badge.dueIn" }, { days: 5 }));
    expect(translatorFor("de", "Europe/Berlin")("common.badge.dueIn", { days: 5 })).not.toBe(t("common.badge.dueIn", { days: 5 }));
    // Dates are not remembered by value: each is written in the zone, as before.
    const made = (at: string) => t("case.header.made", { reference: "R-1", openedAt: new Date(at) });
    expect(made("2027-01-13T22:59:00Z")).toContain("13 Jan 2027");
    expect(made("2027-01-13T23:00:00Z")).toContain("14 Jan 2027");
  });

  it("stays right past the limit of remembered texts", () => {
    const t = translatorFor("en", "America/Chicago");
    for (let days = 0; days < 12_000; days++) expect(t("common.badge.dueIn", { days })).toBe(`due in ${days.toLocaleString("en-GB")} ${days === 1 ? "day" : "days"}`);
  });

  it("falls back to react-intl when a value is missing", () => {
    const t = translatorFor("en", "UTC");
    expect(t("case.header.made", { reference: "R-1" })).toBe(t.intl.formatMessage({ id: "case.header.made" }, { reference: "R-1" }));
  });
});
