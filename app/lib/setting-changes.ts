import { CLOCK_NAMES, FRAMEWORK_IDS, FRAMEWORKS, describeCount, formatIsoDay, isIsoDay, zoneName, type ClockName, type FrameworkId } from "~/domain";

/** The clocks of a framework profile, as the settings page and its trail name them. */
export const CLOCK_LABELS: Record<ClockName, string> = {
  acknowledgement: "Acknowledgement",
  response: "Answer (Supplemental Principle 11(d)(i))",
  dmaReview: "Dispute body's review",
  arbitration: "Arbitration award",
  awardCompliance: "Carrying out an award",
  extensionLimit: "Most an extension may add",
  followUp: "Answering again after a rejected answer",
};

/** One setting that changed: what it is, and its value before and after, in words. */
export interface ChangedItem {
  item: string;
  before: string;
  after: string;
}

export interface SettingChange {
  what: string;
  items: ChangedItem[];
}

/** What a change shows for a value that was not there (before an addition, after a removal). */
export const NONE = "—";
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === "string" && v.trim() ? v : v === null || v === undefined || v === "" ? NONE : JSON.stringify(v));

function frameworkName(id: unknown): string {
  return typeof id === "string" && (FRAMEWORK_IDS as readonly string[]).includes(id) ? FRAMEWORKS[id as FrameworkId].name : text(id);
}

function period(v: unknown): string {
  if (isObject(v) && typeof v.count === "number" && (v.unit === "business_days" || v.unit === "calendar_days")) return describeCount(v.count, v.unit);
  return text(v);
}

function closure(v: unknown): string {
  if (!isObject(v)) return text(v);
  const day = typeof v.day === "string" && isIsoDay(v.day) ? formatIsoDay(v.day) : text(v.day);
  return typeof v.reason === "string" && v.reason ? `${day}: ${v.reason}` : day;
}

/** None stored means the start-up setting (CERTIFICATIONS) is in force. */
function certifications(v: unknown): string {
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return "as set at start-up";
  return Array.isArray(v) ? v.map(frameworkName).join(", ") : text(v);
}

/** Only what differs: a trail row that lists every clock of a profile hides the one that moved. */
function differing(items: ChangedItem[]): ChangedItem[] {
  return items.filter((i) => i.before !== i.after);
}

function calendarItems(before: unknown, after: unknown): ChangedItem[] {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const zone = (v: unknown) => (typeof v === "string" && v ? `${zoneName(v)} (${v})` : NONE);
  return differing([
    { item: "Time zone", before: zone(b.zone), after: zone(a.zone) },
    { item: "Cut-off time", before: text(b.cutoff), after: text(a.cutoff) },
    { item: "U.S. state whose holidays also count", before: text(b.holiday_state), after: text(a.holiday_state) },
    { item: "Certifications", before: certifications(b.certifications), after: certifications(a.certifications) },
  ]);
}

function profileItems(before: unknown, after: unknown): ChangedItem[] {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const body = (v: unknown, key: "name" | "address") => (isObject(v) ? text(v[key]) : NONE);
  return differing([
    ...CLOCK_NAMES.map((name) => ({ item: CLOCK_LABELS[name], before: period(b[name]), after: period(a[name]) })),
    { item: "Dispute body's name", before: body(b.disputeBody, "name"), after: body(a.disputeBody, "name") },
    { item: "Dispute body's address", before: body(b.disputeBody, "address"), after: body(a.disputeBody, "address") },
  ]);
}

/**
 * A row of the settings trail (clock_setting_changes) in words: the calendar's fields, a closure,
 * or the clocks of a profile that changed. A row of another shape shows its stored values as they are.
 */
export function describeSettingChange(subject: string, before: unknown, after: unknown): SettingChange {
  if (subject === "calendar") return { what: "Office calendar", items: calendarItems(before, after) };
  if (subject === "closure added") return { what: "Closure added", items: [{ item: "Closure", before: NONE, after: closure(after) }] };
  if (subject === "closure removed") return { what: "Closure removed", items: [{ item: "Closure", before: closure(before), after: NONE }] };
  const profile = /^profile (.+)$/.exec(subject);
  if (profile) return { what: `Profile: ${frameworkName(profile[1])}`, items: profileItems(before, after) };
  return { what: subject, items: [{ item: subject, before: text(before), after: text(after) }] };
}
