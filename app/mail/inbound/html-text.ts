// HTML mail as plain text. Inbound HTML is never kept or shown: it is reduced to its words here,
// so no remote image, script, style or form of a stranger's mail can reach a staff member's browser.

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", hellip: "…", mdash: "—", ndash: "–", rsquo: "’", lsquo: "‘", rdquo: "”", ldquo: "“", euro: "€", copy: "©", reg: "®" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : "";
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

export function htmlToText(html: string): string {
  let s = html;
  // Whole elements whose content is not text for a reader.
  s = s.replace(/<(head|script|style|title|template|noscript|svg|object|iframe)\b[\s\S]*?<\/\1\s*>/gi, "");
  s = s.replace(/<!--[\s\S]*?-->/g, "");
  // Quoted history in HTML replies: keep the quote marker so the stripper can find it.
  s = s.replace(/<blockquote\b[^>]*>/gi, "\n> ").replace(/<\/blockquote\s*>/gi, "\n");
  s = s.replace(/<br\s*\/?>/gi, "\n");
  s = s.replace(/<\/(p|div|h[1-6]|tr|table|ul|ol|pre|section|article|header|footer)\s*>/gi, "\n");
  s = s.replace(/<(p|div|h[1-6]|tr|table|ul|ol|pre|section|article|header|footer|hr)\b[^>]*>/gi, "\n");
  s = s.replace(/<li\b[^>]*>/gi, "\n- ");
  s = s.replace(/<\/t[dh]\s*>/gi, " ");
  // Images become their alternative text (never their address).
  s = s.replace(/<img\b[^>]*?\balt\s*=\s*("([^"]*)"|'([^']*)')[^>]*>/gi, (_m, _q, a?: string, b?: string) => (a ?? b ?? "").trim());
  s = s.replace(/<[^>]*>/g, "");
  s = s.replace(/<[^>]*$/, "");
  s = decodeEntities(s);
  return s
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
