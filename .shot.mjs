import { chromium } from "@playwright/test";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"] });
const page = await browser.newPage({ viewport: { width: Number(process.env.W ?? 1100), height: 900 } });
const errors = [];
page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
const base = "http://127.0.0.1:3000";
const steps = JSON.parse(process.argv[2]);
for (const s of steps) {
  if (s.goto) await page.goto(base + s.goto);
  if (s.fill) await page.getByLabel(s.fill[0], { exact: true }).fill(s.fill[1]);
  if (s.click) await page.getByRole("button", { name: s.click }).first().click();
  if (s.link) await page.getByRole("link", { name: s.link }).first().click();
  if (s.shot) await page.screenshot({ path: `/tmp/shots/${s.shot}.png`, fullPage: true });
  if (s.wait) await page.waitForLoadState("networkidle");
}
console.log("url", page.url(), "errors", errors);
await browser.close();
