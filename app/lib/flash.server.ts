// Notices shown once after a change, carried by a short-lived cookie instead of `?done=` in the
// address (ADR 035): a reload, a bookmark or a shared link no longer repeats "The case is closed."
// The cookie holds only a message key of the flash catalog and a few short values; it is read and
// cleared by the root loader on the next page, whichever process serves it (nothing kept in memory).
import { createCookie, redirect } from "@remix-run/node";
import { z } from "zod";
import { CATALOGS } from "~/i18n/messages";

export type FlashKey = keyof (typeof CATALOGS)["flash"]["en"] & string;
export interface Flash {
  key: FlashKey;
  values?: Record<string, string>;
}
/** A notice as taken from the cookie: with the path of the page it was meant for. */
export interface ShownFlash extends Flash {
  path: string;
}

const flashCookie = createCookie("recourse_flash", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: process.env.NODE_ENV === "production",
  // Long enough for the redirect to be followed; a notice nobody saw is better lost than shown a day later.
  maxAge: 120,
});

const KEYS = new Set<string>(Object.keys(CATALOGS.flash.en));

// A cookie is input from outside: only a known key and short text values pass (no 500, no markup).
const stored = z.object({
  key: z.string().refine((k) => KEYS.has(k)),
  values: z.record(z.string().max(40), z.string().max(200)).optional(),
  path: z.string().max(500),
});

/**
 * A 303 redirect to `url` that shows `flash` there once. The cookie also names the page's path:
 * the root's data keeps the notice until the root loader runs again, and only that page shows it.
 */
export async function redirectWithFlash(url: string, flash: Flash, headers: HeadersInit = {}): Promise<ReturnType<typeof redirect>> {
  const h = new Headers(headers);
  const path = new URL(url, "http://flash.invalid").pathname;
  h.append("Set-Cookie", await flashCookie.serialize({ ...flash, path }));
  return redirect(url, { status: 303, headers: h });
}

/** The notice waiting for this request, if any, and the Set-Cookie value that clears it (null when there is none). */
export async function takeFlash(request: Request): Promise<{ flash: ShownFlash | null; clear: string | null }> {
  const header = request.headers.get("Cookie");
  if (!header || !header.includes("recourse_flash=")) return { flash: null, clear: null };
  const clear = await flashCookie.serialize("", { maxAge: 0, expires: new Date(0) });
  let raw: unknown;
  try {
    raw = await flashCookie.parse(header);
  } catch {
    return { flash: null, clear };
  }
  const parsed = stored.safeParse(raw);
  return { flash: parsed.success ? (parsed.data as ShownFlash) : null, clear };
}

/** The flash key of a case command's success notice (unknown intents show the generic "Saved."). */
export function caseDoneFlash(intent: string, role?: string): Flash {
  // The complainant reads about their own complaint ("Your complaint ..."), where a wording for them exists.
  const own = role === "complainant" ? `flash.case.${intent}.complainant` : null;
  if (own && KEYS.has(own)) return { key: own as FlashKey };
  const key = `flash.case.${intent}`;
  return { key: KEYS.has(key) ? (key as FlashKey) : "flash.saved" };
}
