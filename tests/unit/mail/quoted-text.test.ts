import { describe, expect, it } from "vitest";
import { newTextOfReply } from "../../../app/mail/inbound/quoted-text";

// Each row: a reply as a mail client writes it, and the new text we keep.
const CASES: [string, string, string][] = [
  ["plain text, nothing quoted", "Thanks, that is all.\n", "Thanks, that is all."],
  ["Gmail attribution on one line", "Yes, delete it.\n\nOn Mon, 30 Nov 2026 at 09:00, Privacy <p@x.example> wrote:\n> Shall we delete it?\n", "Yes, delete it."],
  [
    "Gmail attribution wrapped over two lines",
    "Yes.\n\nOn Mon, 30 Nov 2026 at 09:00, Customer Portfolios Privacy <\nprivacyinquiry@customerportfolios.example> wrote:\n\n> Question\n",
    "Yes.",
  ],
  ["Apple Mail attribution", "Merci.\n\nOn 30 Nov 2026, at 09:00, Privacy <p@x.example> wrote:\n\n> Question\n", "Merci."],
  ["Outlook Original Message ruler", "Here it is.\n\n-----Original Message-----\nFrom: Privacy\nSent: Monday\nTo: me\nSubject: x\n\nold text\n", "Here it is."],
  ["Outlook From/Sent/To header block after an underscore ruler", "See below.\n\n________________________________\nFrom: Privacy <p@x.example>\nSent: Monday, November 30, 2026 9:00 AM\nTo: Jonas\nSubject: Privacy Inquiry\n\nold\n", "See below."],
  ["Outlook bold header block in text converted from HTML", "OK\n\n*From:* Privacy\n*Sent:* Monday\n*To:* Jonas\n*Subject:* x\n", "OK"],
  ["German client", "Ja.\n\nAm 30.11.2026 um 09:00 schrieb Privacy <p@x.example>:\n> Frage\n", "Ja."],
  ["French client", "Oui.\n\nLe lun. 30 nov. 2026 à 09:00, Privacy <p@x.example> a écrit :\n> Question\n", "Oui."],
  ["a block of > quotes without attribution", "My answer.\n\n> your question\n> more of it\n", "My answer."],
  ["interleaved quote above the new text: quoted lines dropped", "> Which address?\nThe one in Boston.\n", "The one in Boston."],
  ["standard signature delimiter", "Please stop.\n\n-- \nAna Lima\n+1 555 0100\n", "Please stop."],
  ["signature delimiter without trailing space", "Please stop.\n--\nAna\n", "Please stop."],
  ["mobile signature", "Fine by me.\n\nSent from my iPhone\n", "Fine by me."],
  ["forwarded message", "FYI\n\nBegin forwarded message:\n\nFrom: x\n", "FYI"],
  ["CRLF line ends", "Line one.\r\nLine two.\r\n\r\nOn Mon, X wrote:\r\n> old\r\n", "Line one.\nLine two."],
  ["only quoted text: kept whole rather than lost", "> just the old text\n", "> just the old text"],
  ["a sentence that merely starts with 'On' is kept", "On Monday I called you.\nNobody answered.\n", "On Monday I called you.\nNobody answered."],
  ["a dash line inside the text is not a signature", "Items:\n- one\n- two\n", "Items:\n- one\n- two"],
  ["empty", "", ""],
];

describe("newTextOfReply", () => {
  it.each(CASES)("%s", (_name, input, expected) => {
    expect(newTextOfReply(input)).toBe(expected);
  });

  it("is linear on a long message of alternating quoted and unquoted lines", () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => (i % 2 ? "> quoted" : "text"));
    const result = newTextOfReply(lines.join("\n"));
    expect(result.split("\n")).toHaveLength(50_000);
  });
});
