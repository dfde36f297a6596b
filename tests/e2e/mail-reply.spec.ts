import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { waitForMail } from "../support/mailbox";
import { E2E_INBOUND_SECRET, postInboundMail } from "../support/mail-fixtures";
import { DEMO, expect, fileComplaintThroughForm, mailDir, notice, openSection, fieldIn, signInStaff, test, uniqueEmail } from "./fixtures";

// The complainant answers the liaison's question from their mail client: the reply reaches the
// app through the signed inbound webhook, lands on the case as an e-mail with its PDF, and the
// clock runs again. The PDF downloads for the case's liaison and is a 404 for another client's.

test("a complainant answers an information request by e-mail with a PDF; the clock runs again; the liaison downloads the PDF; another client's liaison gets 404", async ({ page, baseURL }) => {
  // Two staff sign-ins, each waiting for a fresh TOTP step, on a shared machine.
  test.setTimeout(180_000);
  const email = uniqueEmail("mailreply");
  const reference = await fileComplaintThroughForm(page, { organization: "Northwind Outfitters", name: "Rita Mailreply", email });

  const liaisonContext = await page.context().browser()!.newContext({ baseURL });
  const liaison = await liaisonContext.newPage();
  await signInStaff(liaison, DEMO.northwindLiaison, DEMO.password);
  await liaison.goto(`/cases/${reference}`);
  await liaison.getByRole("button", { name: "Acknowledge the complaint", exact: true }).click();
  await expect(notice(liaison)).toBeVisible();
  const asked = new Date();
  const ask = await openSection(liaison, "Ask the complainant for information");
  await fieldIn(ask, "Your question").fill("Which postal address do the catalogues come to?");
  await ask.getByRole("button", { name: "Send the question" }).click();
  await expect(liaison.locator(".badge", { hasText: "Waiting for the complainant's reply" })).toBeVisible();

  // The question arrives in the complainant's mailbox; they answer it from their mail client,
  // with the letter they received as a PDF.
  const question = await waitForMail(mailDir(), { to: email, textIncludes: "We need some more information", after: asked });
  expect(question.messageId).toBeTruthy();
  const replyText = "The catalogues come to Hauptstrasse 5, 10115 Berlin. The letter is attached.";
  const pdf = readFileSync(fileURLToPath(new URL("../fixtures/files/evidence.pdf", import.meta.url)));
  const boundary = `reply-${Date.now()}`;
  const raw = [
    `From: Rita Mailreply <${email}>`,
    // A mail client answers the Reply-To: the case's reply address, the only one that posts (ADR 060).
    `To: ${question.replyTo}`,
    `Subject: Re: ${question.subject}`,
    `Message-ID: <reply-${Date.now()}@mail.example.eu>`,
    `In-Reply-To: ${question.messageId}`,
    `References: ${question.messageId}`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    replyText,
    "",
    `On ${new Date().toUTCString()}, Privacy <${question.from}> wrote:`,
    "> Which postal address do the catalogues come to?",
    "",
    `--${boundary}`,
    'Content-Type: application/pdf; name="Brief vom Verlag.pdf"',
    'Content-Disposition: attachment; filename="Brief vom Verlag.pdf"',
    "Content-Transfer-Encoding: base64",
    "",
    pdf.toString("base64").replace(/.{76}/g, "$&\r\n"),
    `--${boundary}--`,
    "",
  ].join("\r\n");
  const response = await postInboundMail(baseURL!, raw, { secret: E2E_INBOUND_SECRET });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: "stored", kind: "message", outcome: "posted" });

  // The liaison's case page shows the reply as an e-mail, without the quoted question, and the clock running.
  await liaison.reload();
  const reply = liaison.locator("ol.timeline li.message", { hasText: replyText });
  await expect(reply).toBeVisible();
  await expect(reply.locator(".meta")).toContainText("received by e-mail");
  await expect(reply.locator(".body")).not.toContainText("wrote:");
  await expect(liaison.getByText("The complainant replied; the clock runs again")).toBeVisible();
  await expect(liaison.locator(".badge", { hasText: "In progress" })).toBeVisible();

  // The PDF is on the reply; the liaison downloads exactly the bytes that were sent.
  const link = reply.getByRole("link", { name: "Brief vom Verlag.pdf" });
  await expect(link).toBeVisible();
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/attachments\/[0-9a-f-]{36}$/);
  const downloadPromise = liaison.waitForEvent("download");
  await link.click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("Brief vom Verlag.pdf");
  expect(readFileSync((await download.path())!).equals(pdf)).toBe(true);

  // The same delivery again (providers retry) changes nothing.
  const again = await postInboundMail(baseURL!, raw, { secret: E2E_INBOUND_SECRET });
  expect(await again.json()).toMatchObject({ status: "duplicate" });
  await liaison.reload();
  await expect(liaison.locator("ol.timeline li.message", { hasText: replyText })).toHaveCount(1);
  await liaisonContext.close();

  // Another client's liaison: the same attachment URL is a 404, like any id that is not theirs.
  const otherContext = await page.context().browser()!.newContext({ baseURL });
  const other = await otherContext.newPage();
  await signInStaff(other, DEMO.bluebirdLiaison, DEMO.password);
  const refused = await other.request.get(href!);
  expect(refused.status()).toBe(404);
  expect((await refused.body()).includes(pdf.subarray(0, 64))).toBe(false);
  await otherContext.close();
});

test("the officer's intake queue takes mail that matches no case, and a case opened from it starts when the mail arrived", async ({ page, baseURL }) => {
  const stranger = uniqueEmail("intake");
  // The list shows the sender masked (ADR 028): the row is found by its own subject.
  const subject = `Privacy Inquiry ${Date.now().toString(36)}`;
  const raw = [
    `From: Nora Intake <${stranger}>`,
    "To: privacyinquiry@customerportfolios.example",
    `Subject: ${subject}`,
    `Message-ID: <intake-${Date.now()}@mail.example.eu>`,
    "Content-Type: text/html; charset=utf-8",
    "",
    '<p>Please delete my data.</p><img src="https://tracker.example/pixel.gif" alt="">',
  ].join("\r\n");
  expect(await (await postInboundMail(baseURL!, raw, { secret: E2E_INBOUND_SECRET })).json()).toMatchObject({ outcome: "intake" });

  await signInStaff(page, DEMO.officer, DEMO.password);
  await page.getByRole("link", { name: "Intake", exact: true }).click();
  await expect(page).toHaveURL(/\/intake$/);
  const row = page.getByRole("row", { name: new RegExp(subject) });
  await expect(row).toContainText("N. I.");
  await expect(row).toContainText("in***@example.eu");
  await expect(row).not.toContainText(stranger);
  await row.getByRole("link").click();
  await expect(page.locator("pre.mail-text")).toHaveText("Please delete my data.");
  await expect(page.locator("img")).toHaveCount(0);

  const form = page.locator("section", { has: page.getByRole("heading", { name: "Open a case from it" }) });
  await expect(form.getByLabel("Complainant's name")).toHaveValue("Nora Intake");
  await form.getByLabel("Which organization is the complaint about?").selectOption({ label: "Northwind Outfitters" });
  await form.getByLabel("What is it about?").selectOption({ label: "Remove or anonymise my personal data" });
  await form.getByLabel("What outcome is wanted?").fill("Deletion.");
  await form.getByLabel("Country where the complainant lives").selectOption({ label: "Germany" });
  await form.getByRole("button", { name: "Open the case" }).click();
  await expect(page).toHaveURL(/\/cases\/PS-\d{4}-\d{6}/);
  await expect(page.getByText(/Opened from an e-mail received/)).toBeVisible();
});
