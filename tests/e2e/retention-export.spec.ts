import { readFile } from "node:fs/promises";
import { waitForMail } from "../support/mailbox";
import {
  DEMO,
  PATIENT,
  SEVERAL_PEOPLE_MS,
  acknowledgementMail,
  expect,
  fieldIn,
  fileComplaintThroughForm,
  mailDir,
  newParty,
  notice,
  openSection,
  ownerQuery,
  signInComplainantByLink,
  signInStaff,
  signInWithMailedLink,
  test,
  uniqueEmail,
} from "./fixtures";

// Issue 9 parts 4-5 in a browser: the complainant downloads their data (JSON and a readable page,
// with a complaint held for their address) and asks for their account to be erased, once; the
// officer carries the erasure out (ADR 051); the officer places and lifts a legal hold, sees the
// next 30 days, and keeps the retention policy (bad input refused, nothing saved).

test.use(PATIENT);

test("a complainant downloads their data and asks for their account to be erased", async ({ page }) => {
  const email = uniqueEmail("export");
  const description = `Catalogues keep arriving (export e2e ${Date.now()}).`;
  const reference = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name: "Export Reader", email, description });
  await signInWithMailedLink(page, await acknowledgementMail(email, reference));

  await page.goto("/my");
  await page.getByRole("link", { name: "Your data" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your data");

  const jsonDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: /data file \(JSON/ }).click();
  const json = await jsonDownload;
  expect(json.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await readFile((await json.path())!, "utf8"));
  expect(data.you.email).toBe(email);
  expect(data.cases.map((c: { reference: string }) => c.reference)).toEqual([reference]);
  expect(data.cases[0].description).toBe(description);

  const htmlDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: /read and print \(HTML\)/ }).click();
  const html = await readFile((await (await htmlDownload).path())!, "utf8");
  expect(html).toContain(description);
  expect(html).toContain(reference);

  // Without the confirmation (the browser's own check is bypassed to reach the server's): refused, nothing filed.
  await page.locator("form", { hasText: "Send the request" }).evaluate((form) => form.setAttribute("novalidate", ""));
  await page.getByRole("button", { name: "Send the request" }).click();
  await expect(page.getByRole("alert")).toContainText("Tick the box");
  await page.getByLabel("I want my account and my personal data erased").check();
  await page.getByRole("button", { name: "Send the request" }).click();
  // Back on the page itself (nothing in the address), with a notice shown once; the open request is named instead of the form.
  await expect(page).toHaveURL(/\/my\/export$/);
  await expect(notice(page)).toContainText("Your request was sent: it is case PS-");
  const named = page.locator("main p.notice", { hasText: "Your request is case" });
  const erasure = (await named.getByRole("link").textContent())!.trim();
  expect(erasure).toMatch(/^PS-\d{4}-\d{6}$/);
  await expect(page.getByRole("button", { name: "Send the request" })).toHaveCount(0);
  await page.reload();
  await expect(notice(page).filter({ hasText: "Your request was sent" })).toHaveCount(0);
  await expect(named).toContainText(erasure);
  await expect(page.getByRole("button", { name: "Send the request" })).toHaveCount(0);
  await page.goto("/my");
  await expect(page.getByRole("row", { name: new RegExp(erasure) })).toContainText("Our Security Officer");
});

test("a complaint held for the complainant's address is in their data, and a reference in the address shows nobody anything", async ({ page, browser, baseURL }) => {
  test.setTimeout(SEVERAL_PEOPLE_MS);
  const email = uniqueEmail("held-export");
  const reference = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name: "Held Owner", email });
  await signInWithMailedLink(page, await acknowledgementMail(email, reference));
  // Someone uses the same address on the public form: held until the owner confirms (ADR 020).
  const stranger = await newParty(browser, baseURL);
  const description = `Held for my address (e2e ${Date.now()}).`;
  const held = await fileComplaintThroughForm(stranger, { organization: "Northwind Outfitters", name: "Held Owner", email, description });
  await expect.poll(async () => (await ownerQuery(`select 1 from held_filings where reference = $1`, [held])).length, { timeout: 30_000 }).toBe(1);

  await page.goto("/my/export");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: /read and print \(HTML\)/ }).click();
  const html = await readFile((await (await download).path())!, "utf8");
  expect(html).toContain(description);
  expect(html).toContain(held);
  expect(html).toContain("Waiting for you to confirm it");

  // The demo complainant, given this complainant's reference in the address, sees nothing of it.
  await page.getByLabel("I want my account and my personal data erased").check();
  await page.getByRole("button", { name: "Send the request" }).click();
  const erasure = (await page.locator("main p.notice", { hasText: "Your request is case" }).getByRole("link").textContent())!.trim();
  await signInComplainantByLink(stranger, DEMO.complainant);
  await stranger.goto(`/my/export?requested=${erasure}`);
  await expect(stranger.getByRole("heading", { level: 1 })).toHaveText("Your data");
  await expect(stranger.locator("main")).not.toContainText(erasure);
  await stranger.context().close();
});

test("the officer carries out an erasure request: what is kept is named first, the closing mail goes, then the cases and the account", async ({ page, browser, baseURL }) => {
  test.setTimeout(SEVERAL_PEOPLE_MS + 60_000);
  const email = uniqueEmail("erase");
  const reference = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name: "Erase Me", email, description: `Please stop (erasure e2e ${Date.now()}).` });
  await signInWithMailedLink(page, await acknowledgementMail(email, reference));
  await page.goto("/my/export");
  await page.getByLabel("I want my account and my personal data erased").check();
  await page.getByRole("button", { name: "Send the request" }).click();
  const erasure = (await page.locator("main p.notice", { hasText: "Your request is case" }).getByRole("link").textContent())!.trim();

  const officer = await newParty(browser, baseURL);
  await signInStaff(officer, DEMO.officer, DEMO.password);
  await officer.goto(`/cases/${erasure}`);
  // Not before the requester's identity is verified.
  await expect(officer.getByText("It cannot be carried out yet")).toContainText("identity has been verified");
  await expect(officer.locator("summary", { hasText: "Carry out the erasure" })).toHaveCount(0);
  const verification = await openSection(officer, "Record the identity verification");
  await fieldIn(verification, "How the identity was checked").selectOption({ label: "Answers only the person would know (matched against the data held)" });
  await fieldIn(verification, "Evidence checked").fill("The reference and the date of the first complaint were given by phone.");
  await verification.getByLabel("Verified", { exact: true }).check();
  await verification.getByRole("button", { name: "Record the verification" }).click();
  await expect(notice(officer)).toHaveText("The identity verification is recorded.");

  // The open complaint is named as kept before anything is confirmed.
  let box = await openSection(officer, "Carry out the erasure");
  await expect(box).toContainText(`Kept (1)`);
  await expect(box.getByRole("listitem").filter({ hasText: reference })).toContainText("still open");
  await expect(box).toContainText("Their account stays while these cases are kept.");

  // Once the complaint has ended, the erasure takes it, and the account with it.
  await officer.goto(`/cases/${reference}`);
  const close = await openSection(officer, "Close the case");
  await fieldIn(close, "Why").selectOption("settled");
  await fieldIn(close, "Reason (the complainant sees it)").fill("Removed from the mailing list; settled by phone.");
  await close.getByRole("button", { name: "Close the case" }).click();
  await expect(notice(officer)).toHaveText("The case is closed.");
  await officer.goto(`/cases/${erasure}`);
  box = await openSection(officer, "Carry out the erasure");
  await expect(box).toContainText("Anonymised (2)");
  await expect(box).toContainText("Kept (0)");
  await expect(box).toContainText("their account is removed too");
  await box.getByLabel(/I confirm the requester's identity is verified/).check();
  await box.getByRole("button", { name: "Carry out the erasure" }).click();
  await expect(notice(officer)).toContainText("The erasure is granted");
  await expect(officer.locator(".badge", { hasText: "Resolved" })).toBeVisible();
  await expect(officer.locator("summary", { hasText: "Carry out the erasure" })).toHaveCount(0);

  // The closing mail reaches the address first; then the cases are anonymised and the account goes.
  const closing = await waitForMail(mailDir(), { to: email, textIncludes: "Your request to erase your data is carried out", timeoutMs: 30_000 });
  expect(closing.text).toContain(reference);
  expect(closing.text).toContain("Your account is removed with them");
  await expect
    .poll(async () => (await ownerQuery<{ n: string }>(`select count(*) as n from cases where reference = any($1) and anonymised_at is not null`, [[reference, erasure]]))[0]!.n, { timeout: 60_000, intervals: [1_000] })
    .toBe("2");
  expect(await ownerQuery(`select 1 from users where lower(email) = lower($1)`, [email])).toEqual([]);
  await officer.reload();
  await expect(officer.getByText("The erasure was carried out; anonymised:")).toContainText(reference);
  await page.goto("/my");
  expect(new URL(page.url()).pathname).toBe("/signin");
  await officer.context().close();
});

test("the officer places and lifts a legal hold, sees the next 30 days and keeps the policy", async ({ page }) => {
  const reference = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name: "Hold Subject", email: uniqueEmail("hold") });
  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.goto(`/cases/${reference}`);
  const box = page.locator("section", { has: page.getByRole("heading", { name: "Retention" }) });
  await expect(box).toContainText("The case is running");
  await box.getByLabel("Why the case must be kept (legal hold)").fill("Court order 12/26 (e2e)");
  await box.getByRole("button", { name: "Place a legal hold" }).click();
  await expect(page.getByRole("status").filter({ hasText: "legal hold is placed" })).toBeVisible();
  await expect(box).toContainText("Court order 12/26 (e2e)");
  await box.getByLabel("Why the hold is lifted").fill("Order expired (e2e)");
  await box.getByRole("button", { name: "Lift the legal hold" }).click();
  await expect(page.getByRole("status").filter({ hasText: "legal hold is lifted" })).toBeVisible();
  await expect(box.getByRole("button", { name: "Place a legal hold" })).toBeVisible();

  await page.getByRole("link", { name: "Retention", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Retention: the next 30 days");
  await expect(page.getByRole("heading", { level: 2, name: /^Mail that matched no case \(\d+\)$/ })).toBeVisible();
  await page.getByRole("link", { name: "Change how long cases are kept" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Retention");
  const resolved = page.getByLabel("Resolved cases");
  await expect(resolved).toHaveValue("36");
  await resolved.fill("0");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Enter a whole number of months from 1 to 1200.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Resolved cases")).toHaveValue("36");
  await page.getByLabel("Resolved cases").fill("48");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByLabel("Resolved cases")).toHaveValue("48");
  await page.getByLabel("Resolved cases").fill("36");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByLabel("Resolved cases")).toHaveValue("36");
  // Mail that matched no case has a period of its own (ADR 038).
  const unmatched = page.getByLabel("Unmatched mail");
  await expect(unmatched).toHaveValue("12");
  await unmatched.fill("6");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByLabel("Unmatched mail")).toHaveValue("6");
  await page.getByLabel("Unmatched mail").fill("12");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByLabel("Unmatched mail")).toHaveValue("12");
});

test("a liaison cannot open the retention pages", async ({ page }) => {
  await signInStaff(page, DEMO.northwindLiaison, DEMO.password);
  expect((await page.goto("/retention"))?.status()).toBe(403);
  expect((await page.goto("/settings/retention"))?.status()).toBe(403);
});
