// The bare baseline replays a captured filing with the values the database returned this time
// (scripts/bench/replay.ts). pg returns timestamptz columns as Date objects; a captured one is its
// JSON form (ISO). A later statement that carried the old instant must carry the new one, as ISO:
// String(date) ("Sun Nov 29 2026 ...") is not the value the app sent.
import { describe, expect, it } from "vitest";
import type pg from "pg";
import { byConnection, replay, type PageCapture, type Statement } from "../../../scripts/bench/replay";

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

describe("replay of a page whose transactions ran on two connections at once", () => {
  const st = (sql: string, connection?: number): Statement => ({ sql, params: [], rows: [], ...(connection === undefined ? {} : { connection }) });
  // As captured: the app's two transactions interleaved; the second COMMIT is the first's.
  const statements = [st("select session", 1), st("begin", 2), st("set actor", 2), st("begin", 3), st("set actor", 3), st("select saved", 3), st("commit", 3), st("select page", 2), st("commit", 2)];

  it("keeps each connection's statements together and in order, connections in order of first use", () => {
    expect(byConnection(statements).map((g) => g.map((s) => s.sql))).toEqual([
      ["select session"],
      ["begin", "set actor", "select page", "commit"],
      ["begin", "set actor", "select saved", "commit"],
    ]);
  });

  it("on one connection, runs each transaction whole: no statement runs after another transaction's COMMIT ended its own", async () => {
    const { client, sent } = fakeClient([]);
    await replay(client, { statements });
    expect(sent.map((s) => s.sql)).toEqual(["select session", "begin", "set actor", "select page", "commit", "begin", "set actor", "select saved", "commit"]);
  });

  it("leaves a capture without connection numbers in its order", () => {
    const old = [st("begin"), st("select"), st("commit")];
    expect(byConnection(old)).toEqual([old]);
  });
});
