import { afterEach, describe, expect, it } from "vitest";
import type { NextFunction, Request, Response } from "express";
import { securityHeaders } from "../../server/middleware";

function run(dev = false): { headers: Record<string, string>; locals: Record<string, unknown> } {
  const headers: Record<string, string> = {};
  const locals: Record<string, unknown> = {};
  const res = { locals, setHeader: (k: string, v: string) => void (headers[k.toLowerCase()] = v) } as unknown as Response;
  securityHeaders({ dev })({} as Request, res, (() => {}) as NextFunction);
  return { headers, locals };
}

const appUrl = process.env.APP_URL;
afterEach(() => {
  if (appUrl === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = appUrl;
});

describe("security headers", () => {
  it("give each response its own script nonce and never 'unsafe-inline' for scripts", () => {
    const a = run();
    const b = run();
    const script = (csp: string) => csp.split(";").find((d) => d.trim().startsWith("script-src"))!;
    expect(script(a.headers["content-security-policy"]!)).toBe(` script-src 'self' 'nonce-${a.locals.cspNonce as string}'`);
    expect(a.locals.cspNonce).not.toBe(b.locals.cspNonce);
    expect(a.headers["content-security-policy"]).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it("allow styles only from the app's own stylesheets, inline ones only for Vite's development server", () => {
    const style = (csp: string) => csp.split(";").find((d) => d.trim().startsWith("style-src"))!;
    expect(style(run().headers["content-security-policy"]!)).toBe(" style-src 'self'");
    expect(style(run(true).headers["content-security-policy"]!)).toBe(" style-src 'self' 'unsafe-inline'");
  });

  it("ask for HSTS only when the app is served over https", () => {
    process.env.APP_URL = "https://complaints.example.com";
    expect(run().headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    process.env.APP_URL = "http://localhost:3000";
    expect(run().headers["strict-transport-security"]).toBeUndefined();
  });
});
