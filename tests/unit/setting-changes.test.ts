import { describe, expect, it } from "vitest";
import { FRAMEWORKS } from "../../app/domain";
import { describeSettingChange } from "../../app/lib/setting-changes";

// The trail on /settings/clocks in words, as the model stores it (clock_setting_changes): a
// privacy team reads who moved which legal clock, not JSON.

const clocksOf = (id: keyof typeof FRAMEWORKS) => ({ ...FRAMEWORKS[id].clocks, disputeBody: FRAMEWORKS[id].disputeBody });

describe("a change of the clock settings, in words", () => {
  it("names only the clock of a profile that moved, with its periods before and after", () => {
    const before = clocksOf("privacy_shield");
    const after = { ...before, response: { count: 60, unit: "business_days" } };
    expect(describeSettingChange("profile privacy_shield", before, after)).toEqual({
      what: "Profile: EU-U.S. Privacy Shield",
      items: [{ item: "Answer (Supplemental Principle 11(d)(i))", before: "45 calendar days", after: "60 working days" }],
    });
  });

  it("names a new dispute body's name and address", () => {
    const before = clocksOf("dpf");
    const after = { ...before, disputeBody: { name: "BBB National Programs", address: "McLean, VA" } };
    expect(describeSettingChange("profile dpf", before, after).items).toEqual([
      { item: "Dispute body's name", before: FRAMEWORKS.dpf.disputeBody.name, after: "BBB National Programs" },
      { item: "Dispute body's address", before: FRAMEWORKS.dpf.disputeBody.address, after: "McLean, VA" },
    ]);
  });

  it("names the calendar's fields that changed: the zone with its city, the certifications by name", () => {
    const before = { zone: "America/New_York", cutoff: "17:00", holiday_state: "MA", certifications: null };
    const after = { zone: "America/Los_Angeles", cutoff: "17:00", holiday_state: null, certifications: ["dpf", "uk_extension"] };
    expect(describeSettingChange("calendar", before, after)).toEqual({
      what: "Office calendar",
      items: [
        { item: "Time zone", before: "New York time (America/New_York)", after: "Los Angeles time (America/Los_Angeles)" },
        { item: "U.S. state whose holidays also count", before: "MA", after: "—" },
        { item: "Certifications", before: "as set at start-up", after: "EU-U.S. Data Privacy Framework, UK Extension to the EU-U.S. Data Privacy Framework" },
      ],
    });
    expect(describeSettingChange("calendar", before, before).items).toEqual([]);
  });

  it("names a closure's day and reason when it is added or removed", () => {
    const closure = { day: "2026-12-24", reason: "Christmas Eve" };
    expect(describeSettingChange("closure added", null, closure)).toEqual({ what: "Closure added", items: [{ item: "Closure", before: "—", after: "24 Dec 2026: Christmas Eve" }] });
    expect(describeSettingChange("closure removed", closure, null)).toEqual({ what: "Closure removed", items: [{ item: "Closure", before: "24 Dec 2026: Christmas Eve", after: "—" }] });
  });

  it("shows a row of a shape it does not know as stored, and survives values that are not what they should be", () => {
    expect(describeSettingChange("something else", { a: 1 }, "b")).toEqual({ what: "something else", items: [{ item: "something else", before: '{"a":1}', after: "b" }] });
    expect(describeSettingChange("profile nowhere", 7, [1])).toMatchObject({ what: "Profile: nowhere" });
    expect(describeSettingChange("closure added", null, { day: "soon", reason: 3 }).items[0]!.after).toBe("soon");
  });
});
