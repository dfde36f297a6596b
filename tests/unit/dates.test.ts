// useDates writes each moment's day through a formatter per zone and language, and remembers the
// texts it wrote (app/lib/dates.ts): every page must still show each moment's own day, in its zone.
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DAY_FORMAT, I18nProvider, type Locale } from "~/i18n";
import { OperatorZone, useDates } from "~/lib/dates";

function Days({ moments }: { moments: (Date | string)[] }) {
  const { formatDate } = useDates();
  return h("ol", null, moments.map((m, i) => h("li", { key: i }, formatDate(m))));
}

function daysOnPage(zone: string, locale: Locale, moments: (Date | string)[]): string[] {
  const html = renderToString(h(OperatorZone.Provider, { value: zone }, h(I18nProvider, { locale, zone, children: h(Days, { moments }) })));
  return [...html.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]!);
}

const intlDay = (zone: string, locale: string, at: Date | string) => new Intl.DateTimeFormat(locale, { ...DAY_FORMAT, timeZone: zone }).format(new Date(at));

describe("useDates().formatDate", () => {
  // Around midnight in New York and in Berlin: the same moments fall on different days.
  const moments = ["2027-01-14T04:59:00Z", "2027-01-14T05:00:00Z", "2027-01-13T22:59:00Z", "2027-01-13T23:00:00Z", new Date("2026-03-08T06:59:59.999Z"), new Date("2026-03-08T07:00:00Z")];

  it("writes each moment's day in the page's zone and language, on every render", () => {
    for (let round = 0; round < 3; round++) {
      expect(daysOnPage("America/New_York", "en", moments)).toEqual(moments.map((m) => intlDay("America/New_York", "en-GB", m)));
      expect(daysOnPage("Europe/Berlin", "en", moments)).toEqual(moments.map((m) => intlDay("Europe/Berlin", "en-GB", m)));
      expect(daysOnPage("Europe/Berlin", "de", moments)).toEqual(moments.map((m) => intlDay("Europe/Berlin", "de-DE", m)));
    }
    expect(daysOnPage("America/New_York", "en", moments).slice(0, 2)).toEqual(["13 Jan 2027", "14 Jan 2027"]);
    expect(daysOnPage("Europe/Berlin", "en", moments).slice(2, 4)).toEqual(["13 Jan 2027", "14 Jan 2027"]);
  });

  it("stays right past the number of texts it keeps", () => {
    const many = Array.from({ length: 12_000 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 3_600_000 + 1));
    expect(daysOnPage("Asia/Kathmandu", "en", many)).toEqual(many.map((m) => intlDay("Asia/Kathmandu", "en-GB", m)));
    expect(daysOnPage("Asia/Kathmandu", "en", many.slice(0, 50))).toEqual(many.slice(0, 50).map((m) => intlDay("Asia/Kathmandu", "en-GB", m)));
  });

  it("refuses a date that is not one, as before", () => {
    expect(() => daysOnPage("UTC", "en", ["not a date"])).toThrow(RangeError);
  });
});
