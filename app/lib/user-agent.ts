/** A short, plain description of a User-Agent for the sessions page ("Firefox on Windows"). */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser =
    /Edg\//.test(userAgent) ? "Edge"
    : /Firefox\//.test(userAgent) ? "Firefox"
    : /(Chromium|Chrome)\//.test(userAgent) ? (/HeadlessChrome/.test(userAgent) ? "Chrome (headless)" : "Chrome")
    : /Safari\//.test(userAgent) ? "Safari"
    : /curl\//i.test(userAgent) ? "curl"
    : "A browser";
  const system =
    /iPhone|iPad/.test(userAgent) ? "iOS"
    : /Android/.test(userAgent) ? "Android"
    : /Windows/.test(userAgent) ? "Windows"
    : /Mac OS X|Macintosh/.test(userAgent) ? "macOS"
    : /Linux/.test(userAgent) ? "Linux"
    : null;
  return system ? `${browser} on ${system}` : browser;
}
