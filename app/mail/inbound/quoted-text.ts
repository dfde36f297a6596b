// The new part of a reply: what the person wrote, without the history their mail client quoted
// below (or above) it and without their signature. Pure and table-tested; when in doubt it keeps
// text rather than lose it, and it never returns an empty string for a non-empty message.

// "On Mon, 30 Nov 2026 at 10:00, Ana <ana@example.org> wrote:" (Gmail, Apple Mail, Thunderbird),
// also in a few other languages. Gmail wraps a long attribution over two or three lines.
const ATTRIBUTION = [
  /^on\b.{0,300}\bwrote:?$/i,
  /^am\b.{0,300}\bschrieb\b.{0,120}:$/i,
  /^le\b.{0,300}\ba écrit\s*:$/i,
  /^el\b.{0,300}\bescribió:?$/i,
  /^op\b.{0,300}\bschreef\b.{0,120}:$/i,
];
// Outlook and others: a ruler, then the quoted message's headers.
const ORIGINAL_MESSAGE = /^-{2,}\s*(original message|message d'origine|ursprüngliche nachricht|forwarded message)\s*-{2,}$/i;
const BEGIN_FORWARDED = /^begin forwarded message:$/i;
const UNDERSCORE_RULER = /^_{10,}$/;
const HEADER_FROM = /^\*?(from|von|de|van):\*?\s/i;
const HEADER_OTHER = /^\*?(sent|date|to|subject|cc|gesendet|an|betreff|envoyé|à|objet):\*?\s?/i;
// "-- " is the standard signature delimiter; many clients drop the trailing space.
const SIGNATURE = /^--\s?$/;
const MOBILE_SIGNATURE = /^(sent from my (iphone|ipad|android|mobile|phone|samsung|galaxy)|get outlook for (ios|android)|sent from (outlook|mail) for)\b/i;

function isAttribution(lines: string[], i: number): number {
  // Returns how many lines the attribution spans (0 when none starts here).
  const line = lines[i]!.trim();
  if (!line) return 0;
  let joined = line;
  for (let span = 1; span <= 3 && i + span <= lines.length; span++) {
    if (ATTRIBUTION.some((re) => re.test(joined))) return span;
    const next = lines[i + span];
    if (next === undefined) break;
    joined = `${joined} ${next.trim()}`;
  }
  return 0;
}

function isHeaderBlock(lines: string[], i: number): boolean {
  if (!HEADER_FROM.test(lines[i]!.trim())) return false;
  let others = 0;
  for (let j = i + 1; j < Math.min(lines.length, i + 6); j++) {
    const line = lines[j]!.trim();
    if (HEADER_OTHER.test(line)) others++;
  }
  return others >= 2;
}

/** Where the quoted history starts (a line index), or lines.length. */
function historyStart(lines: string[]): number {
  let lastUnquoted = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!.trim();
    if (l !== "" && !l.startsWith(">")) {
      lastUnquoted = i;
      break;
    }
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (ORIGINAL_MESSAGE.test(line) || BEGIN_FORWARDED.test(line)) return i;
    if (UNDERSCORE_RULER.test(line) && i + 1 < lines.length && isHeaderBlock(lines, nextNonBlank(lines, i + 1))) return i;
    if (isHeaderBlock(lines, i)) return i;
    if (isAttribution(lines, i) > 0) return i;
    // A block of "> " lines is history; a single quoted line inside the text (interleaved
    // answers) is handled below.
    if (line.startsWith(">") && i > lastUnquoted) return i;
  }
  return lines.length;
}

function nextNonBlank(lines: string[], from: number): number {
  let i = from;
  while (i < lines.length - 1 && lines[i]!.trim() === "") i++;
  return i;
}

function signatureStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    if (SIGNATURE.test(lines[i]!) || MOBILE_SIGNATURE.test(lines[i]!.trim())) return i;
  }
  return lines.length;
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === "") start++;
  while (end > start && lines[end - 1]!.trim() === "") end--;
  return lines.slice(start, end);
}

/** The text a person wrote in this mail, without quoted history or signature. */
export function newTextOfReply(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let kept = lines.slice(0, historyStart(lines));
  kept = kept.slice(0, signatureStart(kept));
  // Interleaved quotes left above the history (rare): drop the quoted lines themselves.
  kept = kept.filter((l) => !l.trimStart().startsWith(">"));
  const result = trimBlankLines(kept).map((l) => l.replace(/\s+$/, "")).join("\n");
  if (result) return result;
  // Everything looked like history (a top-posted empty reply, a forward): keep it all rather than nothing.
  return trimBlankLines(lines).join("\n").trim();
}
