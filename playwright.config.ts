import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./tests/support/browser";
import { freePort } from "./tests/support/ports";

/**
 * End-to-end tests against the production build (`npm run build`, done by `npm run test:e2e`),
 * served by `server/main.ts` on a fresh database, with mail caught by an in-process SMTP server.
 * See tests/e2e/global-setup.ts.
 */

// This file is evaluated by the runner and again by every worker. The runner picks the port
// and puts it in the environment, which the workers (and globalSetup) inherit, so all agree.
process.env.E2E_PORT ??= String(await freePort());
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;
process.env.E2E_BASE_URL ??= baseURL;

export default defineConfig({
  testDir: "tests/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    // Recording a trace of every test (kept only for failures) costs about a third of the suite's
    // time on a 2-core machine (24 s against 32 s for the complainant's axe pass). E2E_TRACE=on
    // records them again, to look into a failure with `npx playwright show-trace`.
    trace: process.env.E2E_TRACE === "on" ? "retain-on-failure" : "off",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunchOptions },
    },
  ],
});
