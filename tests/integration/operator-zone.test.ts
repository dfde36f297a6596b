import { afterAll, describe, expect, it } from "vitest";
import { ownerDb as db } from "../../app/db/db.server"; // the tests arrange as the owner (no row-level security)
import { operatorZoneOf } from "../../app/models/clock-settings.server";

const setZone = (zone: string) => db().updateTable("clock_settings").set({ zone }).where("id", "=", 1).execute();

afterAll(async () => {
  await setZone("America/New_York");
});

describe("the operator's zone, once per request (ADR 041)", () => {
  it("is one read for every loader of a request, and a new read for the next request", async () => {
    await setZone("Europe/Berlin");
    const request = {};
    const root = operatorZoneOf(request);
    const page = operatorZoneOf(request);
    expect(page).toBe(root);
    expect(await root).toBe("Europe/Berlin");

    // The officer changes the zone: the request under way keeps the zone it read, the next one reads the new zone.
    await setZone("Asia/Tokyo");
    expect(await operatorZoneOf(request)).toBe("Europe/Berlin");
    expect(await operatorZoneOf({})).toBe("Asia/Tokyo");
    // Without a context (a job, a script), every call reads.
    expect(await operatorZoneOf(undefined)).toBe("Asia/Tokyo");
  });

  it("falls back to New York for a zone the database holds that is not a zone", async () => {
    await setZone("Not/AZone");
    expect(await operatorZoneOf({})).toBe("America/New_York");
  });
});
