import type { NextFunction, Request, Response } from "express";
import { isCrossOriginWrite } from "../app/auth/origin";
import { refuse } from "./request-limits";

// Referrer-Policy same-origin keeps sign-in tokens in URLs from leaking to other sites.
export function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'");
  next();
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
