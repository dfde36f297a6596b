/* global process, console */
// Makes sure Playwright has a Chromium to drive, so `npm test` works on a fresh machine.
// Uses Debian's /usr/bin/chromium when present (see playwright.config.ts); otherwise
// Playwright's own build, installing it with `npx playwright install chromium` if missing.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

if (existsSync(SYSTEM_CHROMIUM)) {
  process.exit(0);
}

async function playwrightChromiumInstalled() {
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch {
    ({ chromium } = await import("@playwright/test"));
  }
  let executable;
  try {
    executable = chromium.executablePath();
  } catch {
    return false; // e.g. a platform Playwright has no build for
  }
  if (!executable || !existsSync(executable)) return false;
  // Headless runs use the separate "chromium_headless_shell-<revision>" download, which
  // `playwright install chromium` fetches alongside; check it is there too when we can tell.
  const parts = executable.split(path.sep);
  const index = parts.findIndex((p) => /^chromium-\d+$/.test(p));
  if (index > 0) {
    const browsersDir = parts.slice(0, index).join(path.sep) || path.sep;
    const revision = parts[index].slice("chromium-".length);
    const shells = readdirSync(browsersDir).filter((name) => name.startsWith("chromium_headless_shell-"));
    if (!shells.includes(`chromium_headless_shell-${revision}`)) return false;
  }
  return true;
}

if (await playwrightChromiumInstalled()) {
  process.exit(0);
}

console.log(`No ${SYSTEM_CHROMIUM} and no Playwright Chromium: running \`npx playwright install chromium\`…`);
const result = spawnSync("npx", ["playwright", "install", "chromium"], {
  stdio: "inherit",
  shell: process.platform === "win32",
});
if (result.status !== 0) {
  console.error(
    [
      "",
      "Could not install a browser for the end-to-end tests (`npx playwright install chromium` " +
        (result.error ? `failed to start: ${result.error.message}` : `exited with ${result.status ?? result.signal}`) +
        ").",
      "Either install Chromium from your system's packages (Debian/Ubuntu: `sudo apt-get install -y chromium`,",
      `which playwright.config.ts uses from ${SYSTEM_CHROMIUM}), or fix the download and run`,
      "`npx playwright install --with-deps chromium` yourself.",
    ].join("\n"),
  );
  process.exit(1);
}
