import { afterEach, describe, expect, it } from "vitest";
import { TEMPLATES, parseTemplateData, renderEmail, type TemplateInput, type TemplateName } from "../../emails";

const reference = "PS-2026-000123";
const caseUrl = "https://recourse.example.test/cases/PS-2026-000123";
const common = { reference, caseUrl, recipientName: "Anna Schmidt" };

// One valid data set per template.
const samples: { [N in TemplateName]: TemplateInput<N> } = {
  acknowledgement: { ...common, stage: "client", respondBy: "2026-03-12T00:00:00Z" },
  sign_in_link: { link: "https://recourse.example.test/auth/link/abc123", expiresInMinutes: 15 },
  new_case: { ...common, audience: "staff", stage: "client", acknowledgeBy: "2026-03-06T00:00:00Z", respondBy: "2026-04-20T00:00:00Z" },
  case_acknowledged: { ...common, stage: "client", respondBy: "2026-04-20" },
  new_reply: { ...common, authorRole: "officer" },
  stage_change: { ...common, fromStage: "client", toStage: "company" },
  escalation_notice: { ...common, fromStage: "company", toStage: "dma", escalatedBy: "complainant" },
  information_requested: { ...common, respondBy: new Date("2026-04-01T00:00:00Z") },
  answer_given: { ...common, stage: "company" },
  case_closed: { ...common, outcome: "closed", reason: "duplicate" },
  deadline_extended: { ...common, stage: "company", deadlineName: "answering your complaint", newDue: "14 Jan 2027 (end of day, New York time)", reason: "Waiting for the client's records" },
  staff_invitation: { link: "https://recourse.example.test/invite/abc123", expiresInMinutes: 4320, roleDescription: "Security Officer", invitedBy: "Dana Whitfield" },
  held_filing: { reference, recipientName: "Anna Schmidt", link: "https://recourse.example.test/complain/confirm?token=abc123", expiresInDays: 7 },
  identity_verification_needed: { ...common },
  escalation_available: { ...common, stage: "client", because: "answer_rejected" },
  deadline_reminder: { ...common, stage: "client", deadlineKind: "response", dueAt: "2026-04-20T00:00:00Z", days: 7 },
  deadline_breached: { ...common, stage: "company", deadlineKind: "follow_up", dueAt: "2026-04-20T00:00:00Z" },
  wait_reminder: { ...common, waitKind: "information", since: "2026-04-01T00:00:00Z", closureProposalAt: "2026-05-01T00:00:00Z" },
  closure_proposal: { ...common, waitKind: "answer", since: "2026-04-01T00:00:00Z" },
  notice_digest: {
    recipientName: "Sam Officer",
    listUrl: caseUrl,
    items: [{ reference, line: "deadline missed (20 Apr 2026)" }],
  },
};

const names = Object.keys(TEMPLATES) as TemplateName[];
/** Mails about no single case: no reference in the subject, no case link to abuse. */
const caseless = new Set<TemplateName>(["sign_in_link", "staff_invitation", "notice_digest"]);
const linkOf = (name: TemplateName) => {
  const sample = samples[name] as { link?: string | null };
  return sample.link ?? caseUrl;
};

describe("e-mail templates", () => {
  it("cover every template name", () => {
    expect(names.sort()).toEqual(
      [
        "acknowledgement", "answer_given", "case_acknowledged", "case_closed", "escalation_notice", "information_requested",
        "new_case", "new_reply", "sign_in_link", "stage_change", "deadline_extended", "staff_invitation",
        "held_filing", "identity_verification_needed",
        "escalation_available", "deadline_reminder", "deadline_breached", "wait_reminder", "closure_proposal", "notice_digest",
      ].sort(),
    );
  });

  describe.each(names)("%s", (name) => {
    const mail = renderEmail(name, samples[name] as never);

    it("has the subject Privacy Inquiry [REFERENCE] and nothing else (a plain one for mail of no case)", () => {
      if (name === "sign_in_link") expect(mail.subject).toBe("Privacy Inquiry: your sign-in link");
      else if (name === "staff_invitation") expect(mail.subject).toBe("Privacy Inquiry: your staff account");
      else if (caseless.has(name)) expect(mail.subject).toMatch(/^Privacy Inquiry: \S/);
      else expect(mail.subject).toBe("Privacy Inquiry [PS-2026-000123]");
      expect(mail.subject).not.toContain("Anna");
      expect(mail.subject).not.toMatch(/[\r\n]/);
    });

    it("puts the link in both the HTML and the text", () => {
      expect(mail.html).toContain(`href="${linkOf(name)}"`);
      expect(mail.text).toContain(linkOf(name));
    });

    it("renders a whole HTML document with the operator's contact footer, and a text twin", () => {
      expect(mail.html).toMatch(/^<!DOCTYPE html[^>]*><html/);
      for (const part of [mail.html, mail.text]) {
        expect(part).toContain("Customer Portfolios, LLC");
        expect(part).toContain("88 Black Falcon Avenue, Suite 320, Boston MA 02210");
        expect(part).toContain("+1-617-225-9501");
        expect(part).toContain("PrivacyInquiry@customerportfolios.com");
      }
      expect(mail.text).not.toMatch(/<[a-z]/i);
    });

    it("refuses data that does not fit its schema, and drops keys it does not know", () => {
      expect(() => renderEmail(name, {} as never)).toThrow();
      expect(() => renderEmail(name, null as never)).toThrow();
      expect(parseTemplateData(name, { ...samples[name], unexpected: "field" })).not.toHaveProperty("unexpected");
      if (!caseless.has(name) && "caseUrl" in samples[name]) {
        expect(() => renderEmail(name, { ...samples[name], caseUrl: "javascript:alert(1)" } as never)).toThrow();
        expect(() => renderEmail(name, { ...samples[name], reference: "PS-1\r\nBcc: x@evil.test" } as never)).toThrow();
      }
    });
  });

  it("greets by name and escapes it in HTML", () => {
    const mail = renderEmail("new_reply", { ...common, recipientName: "Anna <script>" });
    expect(mail.html).toContain("Hello Anna &lt;script&gt;,");
    expect(mail.html).not.toContain("<script>");
    expect(mail.text).toContain("Hello Anna <script>,");
    expect(renderEmail("new_reply", { reference, caseUrl }).text).toContain("Hello,");
  });

  it("tells staff that a reply is for staff only and names the address that reaches the complainant too", () => {
    const everyone = "case+abcdefghijklmnopqrstuvwxyz234567@replies.example";
    const staffMail = renderEmail("new_reply", { ...common, audience: "staff", replyByMail: { everyone } } as never);
    for (const part of [staffMail.text, staffMail.html]) {
      expect(part).toContain("for staff only");
      expect(part).toContain(`To answer the complainant too, write to ${everyone} instead`);
    }
    const complainantMail = renderEmail("new_reply", { ...common, replyByMail: true } as never);
    expect(complainantMail.text).toContain("To answer, reply to this e-mail (your reply is added to case");
    expect(complainantMail.text).not.toContain("staff only");
    expect(() => renderEmail("new_reply", { ...common, replyByMail: { everyone: "x\r\nBcc: evil@example.org" } } as never)).toThrow();
  });

  it("never puts a message body into a new-reply mail", () => {
    const body = "My customer number is 4711 and I want my data deleted";
    const withBody = { ...common, authorRole: "liaison", body, description: body };
    expect(parseTemplateData("new_reply", withBody)).toEqual({ ...common, authorRole: "liaison", audience: "complainant", replyByMail: false, zone: "UTC", locale: "en" });
    const mail = renderEmail("new_reply", withBody as never);
    for (const part of [mail.subject, mail.html, mail.text]) {
      expect(part).not.toContain(body);
      expect(part).not.toContain("4711");
    }
    expect(mail.text).toContain("we do not copy messages into e-mail");
  });

  it("names the stages in plain words", () => {
    const mail = renderEmail("stage_change", { ...common, fromStage: "company", toStage: "dma" });
    expect(mail.html).toContain("The case has moved to the next step: Independent dispute body");
    expect(mail.text).toContain("Direct Marketing Association (DMA) Privacy Shield Dispute Resolution Program");
    expect(mail.text).toContain("Our Security Officer");
    expect(() => renderEmail("stage_change", { ...common, fromStage: "dma", toStage: "dma" })).toThrow();
    expect(() => renderEmail("stage_change", { ...common, fromStage: "company", toStage: "court" as never })).toThrow();

    const escalation = renderEmail("escalation_notice", { ...common, fromStage: "client", toStage: "company" });
    expect(escalation.text).toMatch(/was escalated from “[^”]+” to “[^”]+”/);
  });

  it("the case-closed mail promises no reply by mail, whatever it is given: an ended case takes none (ADR 066)", () => {
    for (const data of [
      { ...common, outcome: "closed", reason: "duplicate", replyByMail: true },
      { ...common, outcome: "resolved", audience: "staff", replyByMail: { everyone: "case+abcdefghijklmnopqrstuvwxyz234567@replies.example" } },
    ]) {
      const mail = renderEmail("case_closed", data as never);
      for (const part of [mail.text, mail.html]) {
        expect(part).not.toMatch(/reply(ing)? to this e-mail/i);
        expect(part).not.toContain("is added to case");
        expect(part).not.toContain("case+");
      }
    }
  });

  it("states the outcome of a closed case in plain words", () => {
    expect(renderEmail("case_closed", { ...common, outcome: "resolved" }).text).toContain("The case is resolved");
    expect(renderEmail("case_closed", { ...common, outcome: "withdrawn" }).text).toContain("has been withdrawn");
    expect(renderEmail("case_closed", { ...common, outcome: "closed", reason: "out_of_scope" }).text).toContain("falls outside");
    // A reason only goes with "closed"; the domain's closure kind gives outcome and reason.
    expect(parseTemplateData("case_closed", { ...common, outcome: "resolved", reason: "duplicate" })).toMatchObject({ outcome: "resolved", reason: undefined });
    expect(parseTemplateData("case_closed", { ...common, kind: "duplicate" })).toMatchObject({ outcome: "closed", reason: "duplicate" });
    expect(parseTemplateData("case_closed", { ...common, kind: "withdrawn" })).toMatchObject({ outcome: "withdrawn" });
    expect(renderEmail("case_closed", { ...common, kind: "settled" }).text).toContain("closed because it has been settled");
    expect(() => renderEmail("case_closed", { ...common })).toThrow(/outcome/);
    expect(() => renderEmail("case_closed", { ...common, kind: "acknowledge" })).toThrow(/outcome/);
  });

  it("tells the sign-in link's expiry and what to do if it was not asked for", () => {
    const mail = renderEmail("sign_in_link", { link: "https://recourse.example.test/auth/link/abc?next=%2Fcases&x=1", expiresInMinutes: 20 });
    expect(mail.text).toContain("expires in 20 minutes");
    expect(mail.text).toContain("If you did not ask for this, ignore this e-mail");
    expect(mail.html).toContain('href="https://recourse.example.test/auth/link/abc?next=%2Fcases&amp;x=1"');
    expect(() => renderEmail("sign_in_link", { link: "https://x.test/", expiresInMinutes: 0 })).toThrow();
  });

  it("lets a new complainant confirm the address from the acknowledgement", () => {
    const signInLink = "https://recourse.example.test/auth/link/first?next=%2Fmy%2Fcases%2FPS-2026-000123";
    const mail = renderEmail("acknowledgement", { ...common, signInLink, expiresInMinutes: 1440 });
    expect(mail.text).toContain(signInLink);
    expect(mail.text).toContain(caseUrl);
    expect(mail.text).toContain("expires in 24 hours");
    expect(mail.html).toContain("Confirm your e-mail address");
  });

  it("formats dates from a JSON payload", () => {
    const mail = renderEmail("acknowledgement", { ...common, respondBy: "2026-03-12" });
    expect(mail.text).toContain("by 12 Mar 2026 (end of day, UTC)");
    expect(() => renderEmail("acknowledgement", { ...common, respondBy: "next week" })).toThrow();
  });

  describe("operator details", () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });

    it("come from the environment when set", () => {
      process.env.OPERATOR_NAME = "Example Hosting GmbH";
      process.env.OPERATOR_EMAIL = "privacy@example.test";
      process.env.DISPUTE_BODY_NAME = "BBB National Programs";
      const mail = renderEmail("stage_change", { ...common, fromStage: "company", toStage: "dma" });
      expect(mail.text).toContain("Example Hosting GmbH");
      expect(mail.html).toContain("mailto:privacy@example.test");
      expect(mail.text).toContain("BBB National Programs");
      expect(mail.text).not.toContain("Customer Portfolios");
    });
  });
});

describe("held filing mail", () => {
  it("tells a staff address that nothing was opened, and offers no link", () => {
    const mail = renderEmail("held_filing", { reference, recipientName: "Olga Officer", link: null, expiresInDays: 7 });
    expect(mail.text).toMatch(/no case has been opened/);
    expect(mail.html).not.toContain("href=\"https://recourse.example.test/complain");
  });

  it("refuses a link that is not http(s)", () => {
    expect(() => renderEmail("held_filing", { reference, link: "javascript:alert(1)", expiresInDays: 7 })).toThrow();
  });
});

describe("notices of the deadline sweep", () => {
  it("tell the complainant the next step and how to reach it", () => {
    const fromClient = renderEmail("escalation_available", { ...common, stage: "client" }).text;
    expect(fromClient).toContain("Our Security Officer");
    expect(fromClient).toContain("PrivacyInquiry@customerportfolios.com");
    const fromCompany = renderEmail("escalation_available", { ...common, stage: "company", because: "deadline_passed" }).text;
    expect(fromCompany).toContain("Direct Marketing Association (DMA) Privacy Shield Dispute Resolution Program");
    expect(fromCompany).toContain("1615 L Street");
    expect(fromCompany).toContain("has passed");
  });

  it("name the deadline and its date", () => {
    const mail = renderEmail("deadline_reminder", samples.deadline_reminder);
    expect(mail.subject).toBe("Privacy Inquiry [PS-2026-000123]");
    expect(mail.text).toContain("the deadline to answer the complaint is 20 Apr 2026 (end of day, UTC)");
  });

  it("tell the officer whether a missed deadline lets the complainant move up", () => {
    expect(renderEmail("deadline_breached", samples.deadline_breached).text).toContain("The complainant may now take the complaint to the next step.");
    const barred = renderEmail("deadline_breached", { ...samples.deadline_breached, stage: "arbitration", complainantMayMoveOn: false }).text;
    expect(barred).toContain("The complainant cannot take the complaint to a next step now");
    expect(barred).not.toContain("may now take the complaint");
  });

  it("list every digest item", () => {
    const mail = renderEmail("notice_digest", {
      listUrl: caseUrl,
      items: [
        { reference, line: "one" },
        { reference: "DPF-2026-000002", line: "two" },
      ],
    });
    expect(mail.subject).toContain("2 items");
    expect(mail.text).toContain("DPF-2026-000002: two");
    expect(() => renderEmail("notice_digest", { listUrl: caseUrl, items: [] })).toThrow();
  });
});
