// Every change of the retention policy is kept: who changed which item, from how many months to
// how many, in the same transaction as the change; nobody may rewrite that history.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerDb as db } from "../../app/db/db.server";
import type { Actor, RetentionPolicy } from "../../app/domain";
import { loadRetentionPolicy, loadRetentionSettings, updateRetentionPolicy } from "../../app/models/retention.server";
import { asActor } from "../../app/models/scope.server";
import { createClient, createLiaison, createOfficer, type TestUser } from "../support/factories";

let officer: TestUser<Extract<Actor, { role: "officer" }>>;
let other: TestUser<Extract<Actor, { role: "officer" }>>;
let liaison: TestUser<Extract<Actor, { role: "liaison" }>>;
let original: RetentionPolicy;
const T1 = new Date("2026-11-30T09:00:00Z");
const T2 = new Date("2026-11-30T09:05:00Z");

beforeAll(async () => {
  officer = await createOfficer();
  other = await createOfficer();
  liaison = await createLiaison((await createClient()).id);
  original = await loadRetentionPolicy(db());
});

afterAll(async () => {
  // Other files share this database: the policy in force goes back to what it was.
  await updateRetentionPolicy(officer.actor, original, new Date());
});

describe("changing the retention policy", () => {
  it("records each item that changed, with its months before and after and who changed it, newest first", async () => {
    await updateRetentionPolicy(officer.actor, { ...original, closed: original.closed + 1, unmatched_mail: original.unmatched_mail + 2 }, T1);
    await updateRetentionPolicy(other.actor, { ...original, closed: original.closed + 5, unmatched_mail: original.unmatched_mail + 2 }, T2);
    const { changes, policy } = await loadRetentionSettings(officer.actor);
    expect(policy.closed).toBe(original.closed + 5);
    const ours = changes.filter((c) => c.at.getTime() === T1.getTime() || c.at.getTime() === T2.getTime());
    expect(ours.map((c) => ({ item: c.item, before: c.before, after: c.after, by: c.by }))).toEqual([
      { item: "closed", before: original.closed + 1, after: original.closed + 5, by: other.name },
      // Newest first; of the two saved together at T1, the one recorded last first.
      { item: "unmatched_mail", before: original.unmatched_mail, after: original.unmatched_mail + 2, by: officer.name },
      { item: "closed", before: original.closed, after: original.closed + 1, by: officer.name },
    ]);
  });

  it("records nothing when nothing changed", async () => {
    const before = (await db().selectFrom("retention_policy_changes").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow()).n;
    await updateRetentionPolicy(officer.actor, await loadRetentionPolicy(db()), new Date());
    const after = (await db().selectFrom("retention_policy_changes").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow()).n;
    expect(after).toBe(before);
  });

  it("is kept from everyone but the officer, and nobody may rewrite or delete it", async () => {
    const seen = await asActor(liaison.actor, (trx) => trx.selectFrom("retention_policy_changes").selectAll().execute());
    expect(seen).toEqual([]);
    await expect(
      asActor(liaison.actor, (trx) => trx.insertInto("retention_policy_changes").values({ item: "closed", before_months: 1, after_months: 2, actor_id: liaison.id }).execute()),
    ).rejects.toThrow(/row-level security/);
    // An officer may add a change only under their own name, and may not edit or delete one.
    await expect(
      asActor(officer.actor, (trx) => trx.insertInto("retention_policy_changes").values({ item: "closed", before_months: 1, after_months: 2, actor_id: other.id }).execute()),
    ).rejects.toThrow(/row-level security/);
    await expect(asActor(officer.actor, (trx) => trx.updateTable("retention_policy_changes").set({ after_months: 1 }).execute())).rejects.toThrow(/permission denied/);
    await expect(asActor(officer.actor, (trx) => trx.deleteFrom("retention_policy_changes").execute())).rejects.toThrow(/permission denied/);
  });
});
