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

  it("falls back to react-intl when a value is missing", () => {
    const t = translatorFor("en", "UTC");
    expect(t("case.header.made", { reference: "R-1" })).toBe(t.intl.formatMessage({ id: "case.header.made" }, { reference: "R-1" }));
  });
});
