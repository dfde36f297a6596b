import { describe, expect, it } from "vitest";
import { CHANNELS, postedOnWebsite, type Actor } from "~/domain";

const officer: Actor = { role: "officer", userId: "u-officer" };
const liaison: Actor = { role: "liaison", userId: "u-liaison", clientId: "c-1" };
const complainant: Actor = { role: "complainant", userId: "u-complainant" };

describe("postedOnWebsite", () => {
  it("keeps the channel the officer chose: the officer logs mail, letters and calls", () => {
    for (const channel of CHANNELS) {
      expect(postedOnWebsite(officer, { type: "post_message", audience: "internal", channel })).toEqual({ type: "post_message", audience: "internal", channel });
    }
  });

  it("makes any other person's post a web post, whatever channel the form sent, and keeps its audience", () => {
    for (const actor of [liaison, complainant]) {
      for (const channel of CHANNELS) {
        for (const audience of ["parties", "staff"] as const) {
          expect(postedOnWebsite(actor, { type: "post_message", audience, channel }), `${actor.role} ${channel} ${audience}`).toEqual({
            type: "post_message",
            audience,
            channel: "web",
          });
        }
      }
    }
  });
});
