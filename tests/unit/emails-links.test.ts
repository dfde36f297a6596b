import { createElement } from "react";
import { render } from "@react-email/render";
import { describe, expect, it } from "vitest";
import { TEMPLATE_NAMES, renderEmail, type TemplateInput, type TemplateName } from "../../emails";
import { Message, messageHtml, type MessageContent } from "../../emails/layout";
import { linksSwallowingPunctuation, safeLinksInText } from "../../emails/links";
import { SAMPLES } from "../../emails/samples";

const url = "https://recourse.example.test/my/cases/PS-2026-000123";

describe("links in plain-text mail", () => {
  it("puts a URL followed by punctuation inside <...>, punctuation outside", () => {
    expect(safeLinksInText(`Your case is at ${url}.`)).toBe(`Your case is at <${url}>.`);
    expect(safeLinksInText(`See ${url}, then answer.`)).toBe(`See <${url}>, then answer.`);
    expect(safeLinksInText(`(see ${url})`)).toBe(`(see <${url}>)`);
    expect(safeLinksInText(`at ${url}; you will`)).toBe(`at <${url}>; you will`);
    expect(safeLinksInText(`“${url}”`)).toBe(`“<${url}>”`);
    expect(safeLinksInText(`open ${url}?!`)).toBe(`open <${url}>?!`);
  });

  it("leaves a URL alone on its line, followed by a space, or already in <...>", () => {
    const text = `Open the case:\n${url}\nor ${url} now, or <${url}>.`;
    expect(safeLinksInText(text)).toBe(text);
    expect(linksSwallowingPunctuation(text)).toEqual([]);
  });

  it("keeps a query string whole: ? = & inside a URL are not trailing punctuation", () => {
    const link = "https://recourse.example.test/auth/link/abc?next=%2Fmy&x=1";
    expect(safeLinksInText(`${link}\n`)).toBe(`${link}\n`);
    expect(safeLinksInText(`go to ${link}.`)).toBe(`go to <${link}>.`);
  });

  it("finds what a mail client would swallow, and nothing after the fix", () => {
    const bad = `Case at ${url}. Mail mailto:x@example.test, and http://a.test/b)`;
    expect(linksSwallowingPunctuation(bad)).toEqual([`${url}.`, "mailto:x@example.test,", "http://a.test/b)"]);
    expect(linksSwallowingPunctuation(safeLinksInText(bad))).toEqual([]);
  });
});

const names = TEMPLATE_NAMES as readonly TemplateName[];
/** Mail about no case (yet): nothing to reply to, no case subject to keep. */
const CASELESS = new Set<TemplateName>(["sign_in_link", "staff_invitation", "notice_digest", "held_filing"]);
const sample = (name: TemplateName, replyByMail: boolean) => renderEmail(name, { ...SAMPLES[name], replyByMail } as TemplateInput<typeof name>);

describe.each(names)("template %s with its sample data", (name) => {
  it("has sample data", () => {
    expect(SAMPLES[name]).toBeDefined();
  });

  it.each([true, false])("never writes a URL followed by punctuation in its text (replies by mail: %s)", (replyByMail) => {
    const mail = sample(name, replyByMail);
    expect(mail.text).toMatch(/https:\/\//);
    expect(linksSwallowingPunctuation(mail.text)).toEqual([]);
  });

  it("promises a reply by mail only when a reply reaches the case", () => {
    const promise = /reply(ing)? to this e-mail/i;
    expect(sample(name, false).text).not.toMatch(promise);
    expect(sample(name, false).html).not.toMatch(promise);
    if (CASELESS.has(name)) return; // no case, so no reply channel
    if (name === "case_closed") {
      // The case has ended and takes no reply: none is promised (ADR 066).
      expect(sample(name, true).text).not.toMatch(promise);
      expect(sample(name, true).html).not.toMatch(promise);
      return;
    }
    expect(sample(name, true).text).toMatch(promise);
    expect(sample(name, true).html).toMatch(promise);
  });

  it("asks for the subject it carries itself when someone writes by mail", () => {
    if (CASELESS.has(name)) return;
    const mail = sample(name, false);
    expect(mail.text).toContain(`please put “${mail.subject}” in the subject`);
    expect(mail.html).toContain(`please put “${mail.subject}” in the subject`);
  });

  it("puts the action's label and then its URL alone on a line in the text", () => {
    const mail = sample(name, false);
    const lines = mail.text.split("\n");
    const urlLine = lines.findIndex((l) => /^https:\/\/\S+$/.test(l));
    expect(urlLine).toBeGreaterThan(0);
    expect(lines[urlLine - 1]).toMatch(/:$/);
    expect(mail.html).toContain(`href="${lines[urlLine]!.replace(/&/g, "&amp;")}"`);
  });
});

describe("the react-email layout", () => {
  const content: MessageContent = {
    subject: "Privacy Inquiry [PS-2026-000123]",
    preview: "There is a new message.",
    heading: "There is a new message on the case",
    recipientName: "Anna",
    body: ["One paragraph.", { list: ["first", "second"] }],
    action: { label: "Read the message", url },
    reference: "PS-2026-000123",
  };

  it("renders the same HTML as @react-email/render's render(), synchronously", async () => {
    // render() streams: it adds Suspense markers and text-node separators, nothing else.
    const streamed = (await render(createElement(Message, { content }))).replace(/<!--\/?\$-->|<!-- -->/g, "");
    expect(messageHtml(content)).toBe(streamed);
  });

  it("uses react-email's button and preview parts (table layout, hidden preview text)", () => {
    const html = messageHtml(content);
    expect(html).toContain('role="presentation"');
    expect(html).toMatch(/<div style="display:none[^"]*" data-skip-in-text="true">There is a new message\./);
    expect(html).toContain("mso-padding-alt");
  });
});
