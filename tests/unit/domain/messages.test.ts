import { describe, expect, it } from "vitest";
import { carriedMessage } from "~/domain";

describe("carriedMessage", () => {
  it("puts answers, questions and the dispute body's outcome before everyone on the case", () => {
    expect(carriedMessage({ type: "answer", message: " We deleted it. " }, undefined)).toEqual({ body: "We deleted it.", audience: "parties", channel: "web" });
    expect(carriedMessage({ type: "request_information", message: "Which address?" }, undefined)?.audience).toBe("parties");
    expect(carriedMessage({ type: "record_dma_outcome", summary: "Upheld." }, undefined)?.body).toBe("Upheld.");
  });

  it("keeps a posted message's chosen audience and channel", () => {
    expect(carriedMessage({ type: "post_message", audience: "internal", channel: "phone" }, "Called the client.")).toEqual({
      body: "Called the client.",
      audience: "internal",
      channel: "phone",
    });
    expect(carriedMessage({ type: "post_message", audience: "staff", channel: "web" }, "   ")).toBeNull();
  });

  it("records a complainant's reasons only when they gave some", () => {
    expect(carriedMessage({ type: "reject_answer", reason: "Nothing changed." }, undefined)?.audience).toBe("parties");
    expect(carriedMessage({ type: "reject_answer" }, undefined)).toBeNull();
    expect(carriedMessage({ type: "withdraw", reason: "  " }, undefined)).toBeNull();
  });

  it("carries no message for commands without text", () => {
    expect(carriedMessage({ type: "acknowledge" }, "ignored")).toBeNull();
    expect(carriedMessage({ type: "close", kind: "duplicate", reason: "Same as PS-2026-000001" }, undefined)).toBeNull();
  });
});
