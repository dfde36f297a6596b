// Links in plain-text mail. Mail clients turn a URL in text into a link by reading up to the next
// space, so punctuation written right after a URL ("see https://x/cases/PS-1." or "...PS-1;") becomes
// part of the link, and the link breaks. The rule: a URL stands on its own line, or inside <...>
// (RFC 3986, appendix C), never directly followed by punctuation.

/** What a mail client takes for a link: from the scheme up to the next space or angle bracket. */
const URL_IN_TEXT = /\b(?:https?|mailto):[^\s<>]+/gi;

/** Characters a mail client swallows into a link but which end a sentence, not a URL. */
const TRAILING = /[.,;:!?)\]}'"’”]+$/;

/**
 * The same text with every URL that is followed by punctuation put inside <...>, so the punctuation
 * stays outside the link. URLs already inside <...> or followed by a space or line end are left as they are.
 */
export function safeLinksInText(text: string): string {
  return text.replace(URL_IN_TEXT, (match, offset: number, whole: string) => {
    if (whole[offset - 1] === "<") return match;
    const trailing = TRAILING.exec(match)?.[0] ?? "";
    if (!trailing) return match;
    return `<${match.slice(0, match.length - trailing.length)}>${trailing}`;
  });
}

/** The URLs in a text that a mail client would read with punctuation on the end (none, when the rule holds). */
export function linksSwallowingPunctuation(text: string): string[] {
  const bad: string[] = [];
  for (const match of text.matchAll(URL_IN_TEXT)) {
    if (match.index > 0 && text[match.index - 1] === "<") continue;
    if (TRAILING.test(match[0])) bad.push(match[0]);
  }
  return bad;
}
