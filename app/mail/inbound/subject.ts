// A case reference written in a subject line, e.g. "Re: Privacy Inquiry [PS-2026-000123]".

const REFERENCE_IN_TEXT = /\b([A-Z]{2,8}-\d{4}-\d{6,9})\b/gi;

/** The case references a subject names, upper case, without duplicates, in order. */
export function referencesInSubject(subject: string | null | undefined): string[] {
  if (!subject) return [];
  const found = new Set<string>();
  for (const match of subject.slice(0, 2000).matchAll(REFERENCE_IN_TEXT)) found.add(match[1]!.toUpperCase());
  return [...found];
}

/** Message-IDs in a header such as References or In-Reply-To ("<a@b> <c@d>"). */
export function messageIdsIn(header: string | string[] | null | undefined): string[] {
  const text = Array.isArray(header) ? header.join(" ") : (header ?? "");
  return [...new Set([...text.slice(0, 20_000).matchAll(/<[^<>\s]{1,250}>/g)].map((m) => m[0]))];
}
