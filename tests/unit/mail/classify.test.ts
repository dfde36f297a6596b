import { describe, expect, it } from "vitest";
import { classifyMail, type ClassifyInput } from "../../../app/mail/inbound/classify";

const base: ClassifyInput = { headers: { subject: "Re: Privacy Inquiry" }, contentType: "text/plain", fromAddress: "ana@example.org", returnPath: "ana@example.org", ownAddresses: ["privacyinquiry@customerportfolios.com"] };
const withHeaders = (headers: Record<string, string>, more: Partial<ClassifyInput> = {}) => classifyMail({ ...base, ...more, headers: { ...base.headers, ...headers } });

describe("classifyMail", () => {
  it("takes a person's reply as a message", () => {
    expect(classifyMail(base)).toBe("message");
    expect(withHeaders({ "auto-submitted": "no" })).toBe("message");
    expect(withHeaders({ precedence: "normal" })).toBe("message");
  });

  it.each([
    [{ "auto-submitted": "auto-replied" }],
    [{ "auto-submitted": "auto-generated" }],
    [{ precedence: "bulk" }],
    [{ precedence: "junk" }],
    [{ precedence: "list" }],
    [{ "x-autoreply": "yes" }],
    [{ "x-autorespond": "Out of office" }],
    [{ "list-id": "<news.example.org>" }],
  ])("recognises an automatic reply by %o", (headers) => {
    expect(withHeaders(headers)).toBe("auto_reply");
  });

  it("recognises bounces: a delivery-status report, MAILER-DAEMON, the null sender", () => {
    expect(classifyMail({ ...base, contentType: 'multipart/report; report-type="delivery-status"; boundary="x"' })).toBe("bounce");
    expect(classifyMail({ ...base, fromAddress: "MAILER-DAEMON@mx.example" })).toBe("bounce");
    expect(classifyMail({ ...base, fromAddress: "postmaster@mx.example" })).toBe("bounce");
    expect(withHeaders({ subject: "Undeliverable: Privacy Inquiry" }, { returnPath: "" })).toBe("bounce");
    expect(classifyMail({ ...base, returnPath: "" })).toBe("auto_reply");
  });

  it("recognises our own mail coming back as a loop", () => {
    expect(classifyMail({ ...base, fromAddress: "PrivacyInquiry@customerportfolios.com" })).toBe("loop");
  });
});
