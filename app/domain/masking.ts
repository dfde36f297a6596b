// How staff lists show a complainant (issue 9, item 6; ADR 028): enough to tell two rows apart
// and to recognise a person one already knows ("J. W., jo***@example.de"), not enough to learn
// who someone is. The full identity is on the case page, behind a recorded reveal. Once the
// retention sweep has replaced a person (ADR 026), there is nobody to mask: "Anonymised".
import { isAnonymisedAddress } from "./retention";

/** A complainant as a list shows them; null where nothing is known. */
export interface MaskedIdentity {
  name: string | null;
  email: string | null;
  /** The retention sweep replaced the person: shown as ANONYMISED_LABEL, never as initials. */
  anonymised?: true;
}

/** What staff see where an anonymised person was. */
export const ANONYMISED_LABEL = "Anonymised";

const ANONYMISED_IDENTITY: MaskedIdentity = { name: null, email: null, anonymised: true };

/** At most this many initials: a long name stays a short cell and says little more. */
export const MAX_INITIALS = 4;

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * The first `limit` characters as a reader sees them (an accent written as a combining mark stays
 * with its letter). Lists mask fifty people a page: printable ASCII, where each character is one,
 * skips the segmenter, and the segmenter stops after `limit`.
 */
function graphemes(text: string, limit = Infinity): string[] {
  if (PRINTABLE_ASCII.test(text)) return Array.from(text.slice(0, Math.min(text.length, limit)));
  const out: string[] = [];
  for (const s of segmenter.segment(text)) {
    if (out.length >= limit) break;
    out.push(s.segment);
  }
  return out;
}

/** A letter in capitals, unless that changes its length ("ß" would become "SS"). */
function capital(g: string): string {
  const upper = g.toUpperCase();
  return graphemes(upper, 2).length === 1 ? upper : g;
}

/** The first letter or digit of a word, skipping quotes and brackets around it. */
function firstLetter(word: string): string {
  if (PRINTABLE_ASCII.test(word)) return word.match(/[A-Za-z0-9]/)![0];
  for (const s of segmenter.segment(word)) if (/[\p{L}\p{N}]/u.test(s.segment)) return s.segment;
  throw new Error("a word without a letter or digit"); // maskName keeps only words that have one
}

/**
 * "Jane Wilson" -> "J. W."; one word -> "J."; blank -> null. Each word gives its first character;
 * a hyphenated word gives one ("Jean-Luc" -> "J."), and only the first MAX_INITIALS words count.
 */
export function maskName(name: string | null | undefined): string | null {
  const words = (name ?? "").normalize("NFC").split(/[\s\u00a0]+/u).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 0) return null;
  return words
    .slice(0, MAX_INITIALS)
    .map((w) => `${capital(firstLetter(w))}.`)
    .join(" ");
}

/**
 * "joanna@example.de" -> "jo***@example.de". The part before "@" shows at most two characters and
 * never all of it (a one-character part shows none, two show one); a "+tag" is hidden whole, and
 * the characters shown come from before it. The domain is shown: it says which provider, and the
 * example the issue gives keeps it. Blank -> null; text without "@" is masked as a local part.
 */
export function maskEmail(email: string | null | undefined): string | null {
  const address = (email ?? "").trim();
  if (!address) return null;
  // The placeholder the sweep wrote is nobody's address: "an***@invalid" would look like one.
  if (isAnonymisedAddress(address)) return ANONYMISED_LABEL;
  const at = address.lastIndexOf("@");
  const local = at === -1 ? address : address.slice(0, at);
  const domain = at === -1 ? "" : address.slice(at);
  // Three are enough to know whether the part is longer than the two it may show.
  const base = graphemes(local.split("+")[0] ?? "", 3);
  const shown = base.slice(0, Math.max(0, Math.min(2, base.length - 1))).join("");
  return `${shown}***${domain}`;
}

/**
 * `anonymised`: the case says so (cases.anonymised_at); the placeholder's address says so too, for
 * lists that know only the person.
 */
export function maskIdentity(person: { name?: string | null; email?: string | null } | null | undefined, options: { anonymised?: boolean } = {}): MaskedIdentity {
  if (options.anonymised || isAnonymisedAddress(person?.email)) return { ...ANONYMISED_IDENTITY };
  return { name: maskName(person?.name), email: maskEmail(person?.email) };
}

/** One line, for places that are text only: "J. W., jo***@example.de". */
export function maskedIdentityText(masked: MaskedIdentity): string {
  if (masked.anonymised) return ANONYMISED_LABEL;
  return [masked.name, masked.email].filter((x): x is string => x !== null).join(", ") || "unknown";
}

/** ADR 028's reveal, on a case anonymised under retention: nothing left to show, and nothing to record. */
export function identityRevealRefusal(facts: { anonymised?: boolean }): string | null {
  return facts.anonymised ? "This case was anonymised under the retention policy: there is no identity left to show." : null;
}

/**
 * `text` with every occurrence of `address` (any letter case) masked: a mail server's refusal
 * usually quotes the address it refused. No text (null) stays none.
 */
export function maskAddressIn<T extends string | null>(text: T, address: string | null | undefined): T {
  const full = (address ?? "").trim();
  if (text === null || !full) return text;
  const masked = maskEmail(full) ?? "";
  return text.replace(new RegExp(full.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), masked) as T;
}

/** Something that looks like an e-mail address, ending before a closing bracket or full stop. */
const ADDRESS_IN_TEXT = /[^\s<>()[\]{}"',;:@]+@[^\s<>()[\]{}"',;:@]+\.[^\s<>()[\]{}"',;:@.]+/g;

/**
 * `text` with every address in it masked, for notes we wrote ourselves that name someone ("Bounce of
 * the … mail to jane.doe@…") where the list does not know whose address it is.
 */
export function maskAddressesIn<T extends string | null>(text: T): T {
  if (text === null) return text;
  let out: string = text;
  for (const address of new Set(text.match(ADDRESS_IN_TEXT) ?? [])) out = maskAddressIn(out, address);
  return out as T;
}

/**
 * Whether the intake item's page shows its sender in full: while it waits, the officer decides on
 * it and needs the sender (to answer, to open a case in their name). Once decided it is a list of
 * what happened: the sender is on the case, behind a recorded reveal, or was discarded.
 */
export function intakeSenderShownInFull(status: "open" | "case_opened" | "attached" | "discarded"): boolean {
  return status === "open";
}
