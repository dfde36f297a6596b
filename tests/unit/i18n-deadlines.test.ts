// Issue 10: how a deadline was worked out, in the complainant's language, from its stored
// computation (app/i18n/deadlines.ts); holidays named in that language where date-holidays can.
import { describe, expect, it } from "vitest";
import { FRAMEWORKS, deadlinesForStage, extendClock, pauseClock, resumeClock, type Deadline, type OperatorCalendar } from "~/domain";
import { holidayNameIn, operatorCalendar } from "~/domain/clock-holidays";
import { LOCALES, translatorFor, type Locale } from "~/i18n";
import { deadlineExplanationText } from "~/i18n/deadlines";

const PS = FRAMEWORKS.privacy_shield;
const RULES = { profile: PS.name, principles: PS.principlesName };
const ZONE = "America/New_York";
const CAL: OperatorCalendar = operatorCalendar({ zone: ZONE, cutoff: "17:00", holidayState: "MA", closures: new Map([["2026-12-28", "Office move"]]) });
const t = (locale: Locale) => translatorFor(locale, ZONE);

/** Wed 23 Dec 2026, 18:30 New York: after the cut-off, the day before Christmas Eve. */
const LATE = new Date("2026-12-23T23:30:00Z");
const ack = (at: Date) => deadlinesForStage("company", at, PS, CAL).find((d) => d.kind === "acknowledgement")!;
const response = (at: Date) => deadlinesForStage("company", at, PS, CAL).find((d) => d.kind === "response")!;
const paused = (): Deadline => resumeClock(pauseClock(response(new Date("2026-12-01T15:00:00Z")), new Date("2026-12-02T15:00:00Z")), new Date("2026-12-05T15:00:00Z"), CAL);
const extended = (): Deadline => {
  const r = extendClock(response(new Date("2026-12-01T15:00:00Z")), "2027-02-01", "Die Akte liegt beim Anwalt", new Date("2026-12-10T15:00:00Z"), PS.clocks.extensionLimit, CAL, PS.name);
  if (!r.ok) throw new Error(r.reason);
  return r.deadline;
};
const words = (locale: Locale, d: Deadline) => deadlineExplanationText(t(locale), d, RULES);

// Words of the English sentence that must not appear in German or French. Names stay as they
// are (the profile, the principles, holidays date-holidays has no translation for, the closure's
// reason and the officer's extension reason): they are cut out before looking.
const ENGLISH = /\b(Due|end of day|working|calendar|days?|from|when|after|reached|your|complaint|not counting|paused|while|waited|reply|Extended|Security Officer|period|comes|the|on|Saturday|Sunday|December|January|time)\b/i;
const NAMES = [PS.name, "Privacy Shield", "Office move", "Die Akte liegt beim Anwalt"];
const withoutNames = (text: string) => NAMES.reduce((s, n) => s.split(n).join(""), text);

describe("deadline explanations in the reader's language", () => {
  it("words a receipt after the cut-off, the holidays and the closure skipped, in English as the domain does", () => {
    const d = ack(LATE);
    expect(words("en", d)).toBe(
      "Due 5 Jan 2027 (end of day, New York time): 5 working days after 24 Dec 2026, when your complaint reached our Security Officer after 17:00 on 23 Dec 2026. " +
        "Not counting 25 Dec 2026 (Christmas Day), 28 Dec 2026 (Office move) and 1 Jan 2027 (New Year's Day). " +
        "Where the period comes from: the privacy policy promises a prompt acknowledgement.",
    );
    // The same facts as the stored domain sentence.
    expect(d.explanation).toContain("5 working days after 24 Dec 2026");
    expect(d.explanation).toContain("not counting 25 Dec (Christmas Day), 28 Dec (Office move), 1 Jan 2027 (New Year's Day)");
  });

  it("names the days, the holidays and the rule in German and French", () => {
    const d = ack(LATE);
    expect(words("de", d)).toBe(
      "Fällig am 5. Jan. 2027 (Ende des Tages, Ortszeit New York): 5 Arbeitstage nach dem 24. Dez. 2026, als Ihre Beschwerde unseren Sicherheitsbeauftragten erreichte, nach 17:00 Uhr am 23. Dez. 2026. " +
        "Nicht mitgezählt: 25. Dez. 2026 (Christmas Day), 28. Dez. 2026 (Office move) und 1. Jan. 2027 (New Year's Day). " +
        "Grundlage der Frist: die Datenschutzerklärung verspricht eine umgehende Eingangsbestätigung.",
    );
    expect(words("fr", d)).toContain("Échéance le 5 janv. 2027 (fin de journée, heure de New York) : 5 jours ouvrés après le 24 déc. 2026");
    expect(words("fr", d)).toContain("25 déc. 2026 (Christmas Day), 28 déc. 2026 (Office move) et 1 janv. 2027 (New Year's Day)");
  });

  it("names a receipt on a weekend by its day in the reader's language", () => {
    const d = response(new Date("2026-12-05T15:00:00Z")); // Saturday
    expect(words("en", d)).toContain("the first working day after your complaint reached our Security Officer on 5 Dec 2026 (Saturday)");
    expect(words("de", d)).toContain("ab dem 7. Dez. 2026, dem ersten Arbeitstag nach dem 5. Dez. 2026 (Samstag), an dem Ihre Beschwerde unseren Sicherheitsbeauftragten erreichte.");
    expect(words("fr", d)).toContain("premier jour ouvré après le 5 déc. 2026 (samedi), date à laquelle votre plainte est parvenue à notre responsable de la sécurité.");
  });

  it("words a pause that gave days back, and one still running", () => {
    const d = paused();
    expect(words("en", d)).toContain("Paused 3 days from 2 Dec 2026 while we waited for your reply.");
    expect(words("de", d)).toContain("Angehalten 3 Tage ab dem 2. Dez. 2026, während wir auf Ihre Antwort warteten.");
    expect(words("fr", d)).toContain("Suspendu 3 jours à partir du 2 déc. 2026 pendant que nous attendions votre réponse.");
    const open = pauseClock(response(new Date("2026-12-01T15:00:00Z")), new Date("2026-12-02T15:00:00Z"));
    expect(words("de", open)).toContain("Angehalten seit dem 2. Dez. 2026, während wir auf Ihre Antwort warten.");
  });

  it("quotes the officer's reason for an extension as written", () => {
    const d = extended();
    expect(words("en", d)).toContain("Extended to 1 Feb 2027 by the Security Officer: Die Akte liegt beim Anwalt");
    expect(words("de", d)).toContain("Vom Sicherheitsbeauftragten verlängert bis zum 1. Feb. 2027: Die Akte liegt beim Anwalt");
    expect(words("fr", d)).toContain("Prolongé jusqu’au 1 févr. 2027 par le responsable de la sécurité : Die Akte liegt beim Anwalt");
    expect(words("de", d)).toContain("Grundlage der Frist: Privacy Shield, Zusatzgrundsatz 11(d)(i).");
  });

  it("lets no English word into German or French", () => {
    const all = [ack(LATE), response(new Date("2026-12-05T15:00:00Z")), paused(), extended(), deadlinesForStage("dma", LATE, PS, CAL)[0]!, deadlinesForStage("arbitration", LATE, PS, CAL)[0]!];
    for (const locale of LOCALES.filter((l) => l !== "en")) {
      for (const d of all) {
        const text = withoutNames(words(locale, d).replace(/\((Christmas Day|New Year's Day)\)/g, ""));
        expect(text, `${locale}: ${text}`).not.toMatch(ENGLISH);
        expect(text).not.toMatch(/[{}]/);
      }
    }
  });

  it("shows the stored English sentence for a deadline counted before computations were kept", () => {
    const old: Deadline = { ...ack(LATE), computation: undefined, explanation: "Due 5 Jan 2027: an old sentence." };
    for (const locale of LOCALES) expect(deadlineExplanationText(t(locale), old, RULES)).toBe("Due 5 Jan 2027: an old sentence.");
  });
});

describe("holiday names", () => {
  it("takes German and French names from date-holidays where it has them, else keeps the English", () => {
    expect(holidayNameIn("de", "2026-12-25", "Christmas Day", "MA")).toBe("Weihnachten");
    expect(holidayNameIn("fr", "2027-01-01", "New Year's Day", "MA")).toBe("Nouvel An");
    expect(holidayNameIn("de", "2026-07-03", "Independence Day (substitute day)", null)).toBe("Unabhängigkeitstag (Ersatztag)");
    expect(holidayNameIn("fr", "2026-11-26", "Thanksgiving Day", "MA")).toBe("Thanksgiving Day");
    expect(holidayNameIn("de", "2026-12-28", "Office move", "MA")).toBe("Office move");
    expect(holidayNameIn("en", "2026-12-25", "Christmas Day", "MA")).toBe("Christmas Day");
  });
});
