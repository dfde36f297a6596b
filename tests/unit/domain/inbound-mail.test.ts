import { describe, expect, it } from "vitest";
import { attachedAsComplainantsReply, mailInvitesReplies, replyAddressMayPost, unvouchedMailReason } from "../../../app/domain/inbound-mail";

describe("who may still write by replying to their reply address (ADR 060)", () => {
  it.each([
    [{ role: "complainant", active: true, clientActive: null }, true],
    [{ role: "officer", active: true, clientActive: null }, true],
    [{ role: "liaison", active: true, clientActive: true }, true],
    [{ role: "officer", active: false, clientActive: null }, false],
    [{ role: "liaison", active: false, clientActive: true }, false],
    [{ role: "liaison", active: true, clientActive: false }, false],
    [{ role: "liaison", active: true, clientActive: null }, false],
    [{ role: "complainant", active: false, clientActive: null }, false],
  ] as const)("%o -> %s", (holder, may) => {
    expect(replyAddressMayPost(holder)).toBe(may);
  });
});

describe("why mail that names a case waits in intake", () => {
  it("names the case and, for a party's address, says why it was not posted; never an address", () => {
    expect(unvouchedMailReason("subject", "PS-2026-000123", false)).toBe("Names case PS-2026-000123 in its subject, but the sender is not a party to that case.");
    expect(unvouchedMailReason("thread", "PS-2026-000123", false)).toBe("Replies in the thread of case PS-2026-000123, but the sender is not a party to that case.");
    for (const hint of ["thread", "subject", "sender"] as const) {
      const reason = unvouchedMailReason(hint, "PS-2026-000123", true);
      expect(reason).toContain("PS-2026-000123");
      expect(reason).toContain("not sent to a reply address");
      expect(reason).not.toContain("@");
    }
  });
});

describe("an intake e-mail attached as the complainant's reply (ADR 066)", () => {
  it("is one when it goes to all parties from the complainant's own address, in any case", () => {
    expect(attachedAsComplainantsReply({ fromAddress: " Ana@Example.org", audience: "parties" }, "ana@example.org")).toBe(true);
    expect(attachedAsComplainantsReply({ fromAddress: "ana@example.org", audience: "staff" }, "ana@example.org")).toBe(false);
    expect(attachedAsComplainantsReply({ fromAddress: "lawyer@example.org", audience: "parties" }, "ana@example.org")).toBe(false);
    expect(attachedAsComplainantsReply({ fromAddress: "", audience: "parties" }, "")).toBe(false);
    expect(attachedAsComplainantsReply({ fromAddress: "ana@example.org", audience: "parties" }, null)).toBe(false);
  });
});

describe("which mail about a case may invite a reply by mail (ADR 066)", () => {
  it("not once the case has ended, nor the mail that says it has", () => {
    expect(mailInvitesReplies("new_reply", "in_progress")).toBe(true);
    expect(mailInvitesReplies("new_reply", "awaiting_complainant")).toBe(true);
    for (const ended of ["closed", "resolved", "withdrawn"]) expect(mailInvitesReplies("new_reply", ended)).toBe(false);
    expect(mailInvitesReplies("case_closed", "in_progress")).toBe(false);
  });
});
