import { existsSync } from "node:fs";

// Debian's chromium where installed (CI, and machines without access to Playwright's
// download host); Playwright's own browser otherwise (scripts/ensure-browser.mjs installs it).
// Used by playwright.config.ts and scripts/screenshots.ts.
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

export const chromiumLaunchOptions: { executablePath?: string; args?: string[] } = existsSync(SYSTEM_CHROMIUM)
  ? {
      executablePath: SYSTEM_CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    }
  : {};
