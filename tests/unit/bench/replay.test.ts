// The bare baseline replays a captured filing with the values the database returned this time
// (scripts/bench/replay.ts). pg returns timestamptz columns as Date objects; a captured one is its
// JSON form (ISO). A later statement that carried the old instant must carry the new one, as ISO:
// String(date) ("Sun Nov 29 2026 ...") is not the value the app sent.
import { describe, expect, it } from "vitest";
import type pg from "pg";
import { replay, type PageCapture } from "../../../scripts/bench/replay";

function fakeClient(results: Record<string, unknown>[][]) {
  const sent: { sql: string; params: unknown[] }[] = [];
  let i = 0;
  const client = {
    query: async (sql: string, params: unknown[]) => {
      sent.push({ sql, params });
      const rows = results[i++] ?? [];
      return { rows, rowCount: rows.length };
    },
  } as unknown as pg.PoolClient;
  return { client, sent };
}

describe("replay of a captured filing", () => {
  const oldId = "11111111-1111-4111-8111-111111111111";
  const newId = "22222222-2222-4222-8222-222222222222";
  const oldAt = "2026-11-28T10:00:00.000Z";
  const newAt = new Date("2026-11-29T07:30:00.123Z");
  const page: PageCapture = {
    statements: [
      { sql: "insert into cases ... returning id, opened_at", params: ["key-old"], rows: [{ id: oldId, opened_at: oldAt }] },
      { sql: "insert into case_deadlines ... values ($1, $2)", params: [oldId, oldAt], rows: [] },
    ],
    filing: { inputs: { submissionKey: "key-old", email: "old@example.eu" }, randomTokens: [] },
  };

  it("carries a returned timestamp into later statements as ISO, not Date#toString", async () => {
    const { client, sent } = fakeClient([[{ id: newId, opened_at: newAt }], []]);
    await replay(client, page, { submissionKey: "key-new", email: "new@example.eu" });
    expect(sent[0]!.params).toEqual(["key-new"]);
    expect(sent[1]!.params).toEqual([newId, "2026-11-29T07:30:00.123Z"]);
  });

  it("leaves a timestamp alone when the database returned the same instant", async () => {
    const { client, sent } = fakeClient([[{ id: newId, opened_at: new Date(oldAt) }], []]);
    await replay(client, page, { submissionKey: "key-new", email: "new@example.eu" });
    expect(sent[1]!.params).toEqual([newId, oldAt]);
  });
});
