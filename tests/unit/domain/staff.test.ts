import { describe, expect, it } from "vitest";
import { deactivationRefusal } from "~/domain";

describe("deactivating a member of staff", () => {
  const officer = (id: string) => ({ id, role: "officer" });
  it("leaves at least one active officer", () => {
    expect(deactivationRefusal(["a"], "a", officer("a"))).toMatch(/last active officer/);
    expect(deactivationRefusal(["a"], null, officer("a"))).toMatch(/last active officer/);
    expect(deactivationRefusal(["a", "b"], "a", officer("b"))).toBeNull();
    // A liaison may go even when one officer is left.
    expect(deactivationRefusal(["a"], "a", { id: "l", role: "liaison" })).toBeNull();
  });
  it("is refused to an officer who was deactivated a moment ago", () => {
    expect(deactivationRefusal(["b", "c"], "a", officer("b"))).toBe("Your own account is no longer active.");
  });
});
