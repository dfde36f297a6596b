/**
 * Where to send someone after they sign in: a path on this site, or the fallback.
 *
 * Browsers are lenient with a Location header: they drop tab, CR and LF inside it, read a
 * backslash as a slash and follow "//host" to another site. So the value is checked as the
 * browser will see it, and again after each round of percent-decoding (a second decoding may
 * happen in a proxy or in our own links): any control character, any backslash, or a start of
 * "//" in any of those forms refuses it. CR and LF can then never reach a header (a 500).
 * The path is given back as the URL parser writes it (percent-encoded).
 */
const MAX_NEXT_LENGTH = 2000;
const ORIGIN = "http://recourse.invalid";

/** Every decoded form of the value is a path on this site (no control character, backslash or "//" start). */
function staysOnSite(value: string): boolean {
  const forms = decodedForms(value);
  if (!forms) return false;
  for (const form of forms) {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f\\]/.test(form)) return false;
    if (!form.startsWith("/") || form.startsWith("//")) return false;
  }
  return true;
}

export function safeNext(next: string | null | undefined, fallback: string): string {
  if (typeof next !== "string" || next.length === 0 || next.length > MAX_NEXT_LENGTH) return fallback;
  if (!staysOnSite(next)) return fallback;
  // Last word to the URL parser itself: the path must resolve on our own origin. What it gives
  // back is percent-encoded, so a character a header cannot carry (beyond Latin-1) never reaches
  // the Location header (a 500).
  // The parser also resolves dot segments, and "/.//evil.example" comes out as "//evil.example":
  // what it gives back is checked again as the browser will read it.
  try {
    const url = new URL(next, ORIGIN);
    if (url.origin !== ORIGIN) return fallback;
    const path = `${url.pathname}${url.search}${url.hash}`;
    return staysOnSite(path) ? path : fallback;
  } catch {
    return fallback;
  }
}

/** The value and each of its percent-decodings until nothing changes; null when one is malformed. */
function decodedForms(value: string): string[] | null {
  const forms = [value];
  let current = value;
  for (let round = 0; round < 5; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (decoded === current) return forms;
    forms.push(decoded);
    current = decoded;
  }
  // Still changing after five rounds: nobody writes a real path like that.
  return null;
}
