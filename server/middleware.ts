import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { isCrossOriginWrite } from "../app/auth/origin";
import { refuse } from "./request-limits";

/**
 * The policy of one response: only scripts from our origin or carrying this response's nonce run,
 * and only stylesheets from our origin apply (no style attributes or <style> in pages; ADR 049).
 * Vite's development server injects its styles inline, so `npm run dev` allows them.
 */
export function contentSecurityPolicy(nonce: string, opts: { inlineStyles?: boolean } = {}): string {
  const styles = opts.inlineStyles ? "'self' 'unsafe-inline'" : "'self'";
  return `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src ${styles}; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'`;
}

// Referrer-Policy same-origin keeps sign-in tokens in URLs from leaking to other sites.
// A fresh nonce per response: Remix's inline scripts carry it (app/entry.server.tsx, app/root.tsx).
export function securityHeaders(opts: { dev: boolean }) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, { inlineStyles: opts.dev }));
    // Browsers remember to use https only for an https deployment (HSTS over http is ignored anyway,
    // and on localhost it would break a laptop's other apps).
    if ((process.env.APP_URL ?? "").startsWith("https://")) {
      res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    next();
  };
}

export function refuseCrossOrigin(req: Request, res: Response, next: NextFunction) {
  const refusal = isCrossOriginWrite({
    method: req.method,
    origin: req.get("origin") ?? null,
    secFetchSite: req.get("sec-fetch-site") ?? null,
    host: req.get("host") ?? null,
    appUrl: process.env.APP_URL ?? null,
  });
  if (refusal) {
    refuse(req, res, { status: 403, message: refusal });
    return;
  }
  next();
}
