// Issue 6: "Dates and times on every page and mail are shown in the operator's zone, with the zone
// named." Mail wrote every date in UTC: a deadline at the end of 14 Jan in New York (04:59 UTC on
// 15 Jan) read "15 Jan 2027".
import { describe, expect, it } from "vitest";
import { TEMPLATES, renderEmail, type TemplateName } from "../../emails";
import { SAMPLES } from "../../emails/samples";

const reference = "PS-2026-000123";
const caseUrl = "https://recourse.example.test/cases/PS-2026-000123";
const common = { reference, caseUrl, recipientName: "Anna Schmidt", zone: "America/New_York" };

// 14 Jan 2027, 23:59:59.999 in New York (EST, UTC-5): already 15 Jan in UTC.
const END_OF_14_JAN_NY = "2027-01-15T04:59:59.999Z";

describe("dates in mail are the operator's, named", () => {
  it.each<[TemplateName, Record<string, unknown>]>([
    ["deadline_reminder", { stage: "client", deadlineKind: "response", dueAt: END_OF_14_JAN_NY, days: 2 }],
    ["deadline_breached", { stage: "company", deadlineKind: "response", dueAt: END_OF_14_JAN_NY }],
    ["acknowledgement", { stage: "client", respondBy: END_OF_14_JAN_NY }],
    ["case_acknowledged", { stage: "client", respondBy: END_OF_14_JAN_NY }],
    ["information_requested", { respondBy: END_OF_14_JAN_NY }],
    ["new_case", { audience: "staff", stage: "client", acknowledgeBy: END_OF_14_JAN_NY, respondBy: END_OF_14_JAN_NY }],
  ])("%s: a due date at 23:59 New York shows that day, not the next UTC day", (name, facts) => {
    const mail = renderEmail(name, { ...SAMPLES[name], ...common, ...facts } as never);
    expect(mail.text).toContain("14 Jan 2027 (end of day, New York time)");
    expect(mail.text).not.toMatch(/15 Jan(uary)? 2027/);
    expect(mail.html).toContain("14 Jan 2027 (end of day, New York time)");
  });

  it.each<[TemplateName, Record<string, unknown>]>([
    ["wait_reminder", { waitKind: "information", since: "2027-01-02T03:00:00.000Z", closureProposalAt: "2027-02-01T03:00:00.000Z" }],
    ["closure_proposal", { waitKind: "information", since: "2027-01-02T03:00:00.000Z" }],
  ])("%s: a moment late in the evening in New York keeps its New York day", (name, facts) => {
    const mail = renderEmail(name, { ...SAMPLES[name], ...common, ...facts } as never);
    expect(mail.text).toContain("1 Jan 2027 (New York time)");
    expect(mail.text).not.toContain("2 Jan 2027");
  });

  it("another operator zone is named as such", () => {
    const mail = renderEmail("deadline_reminder", { ...common, zone: "Europe/Berlin", stage: "client", deadlineKind: "response", dueAt: "2027-01-14T22:59:59.999Z", days: 2 });
    expect(mail.text).toContain("14 Jan 2027 (end of day, Berlin time)");
  });

  it("a mail queued before mail carried a zone is written in UTC and says so", () => {
    const mail = renderEmail("deadline_reminder", { reference, caseUrl, stage: "client", deadlineKind: "response", dueAt: END_OF_14_JAN_NY, days: 2 });
    expect(mail.text).toContain("15 Jan 2027 (end of day, UTC)");
  });

  it("refuses a zone that is not one", () => {
    expect(() => renderEmail("deadline_reminder", { ...common, zone: "Mars/Olympus", stage: "client", deadlineKind: "response", dueAt: END_OF_14_JAN_NY, days: 2 })).toThrow();
  });

  it("every case template takes the zone (so enqueueMails can give it to all of them)", () => {
    const withoutZone = (Object.keys(TEMPLATES) as TemplateName[]).filter((n) => {
      const shape = (TEMPLATES[n].schema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      // held_filing is about a filing not yet a case, and carries no date.
      return "reference" in shape && "caseUrl" in shape && !("zone" in shape);
    });
    expect(withoutZone).toEqual([]);
  });
});
