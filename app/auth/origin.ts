/**
 * A write (any method but GET/HEAD/OPTIONS) must come from our own pages.
 * Modern browsers say where a request comes from in Sec-Fetch-Site; older ones send Origin.
 * Returns the refusal text, or null when the request may proceed.
 */
export function isCrossOriginWrite(req: {
  method: string;
  origin: string | null;
  secFetchSite: string | null;
  host: string | null;
  appUrl: string | null;
}): string | null {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method.toUpperCase())) return null;
  const refusal = "Refused: this request came from another site.";
  // The browser's own verdict, when it gives one, is the most reliable: a same-origin form post
  // may carry "Origin: null" (for example under a strict Referrer-Policy).
  if (req.secFetchSite) return ["same-origin", "none"].includes(req.secFetchSite) ? null : refusal;
  if (!req.origin) return null;
  if (req.origin === "null") return refusal;
  let originHost: string;
  try {
    originHost = new URL(req.origin).host;
  } catch {
    return refusal;
  }
  const allowed = new Set<string>();
  if (req.host) allowed.add(req.host);
  if (req.appUrl) {
    try {
      allowed.add(new URL(req.appUrl).host);
    } catch {
      /* a malformed APP_URL adds nothing */
    }
  }
  return allowed.has(originHost) ? null : refusal;
}
