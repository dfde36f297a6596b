import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "~/db/unavailable";

function pgError(code: string, message = "error") {
  return Object.assign(new Error(message), { code });
}

describe("isDatabaseUnavailable", () => {
  it.each([
    ["terminated by pg_terminate_backend or a restart (57P01)", pgError("57P01", "terminating connection due to administrator command")],
    ["the server is starting up (57P03)", pgError("57P03", "the database system is starting up")],
    ["a connection exception (class 08)", pgError("08006")],
    ["refused (nothing listens)", pgError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432")],
    ["a connection lost mid-query", new Error("Connection terminated unexpectedly")],
    ["no connection within the pool's timeout", new Error("timeout exceeded when trying to connect")],
    ["refused on every address (AggregateError)", new AggregateError([pgError("ECONNREFUSED")], "")],
    ["wrapped as a cause", new Error("Migration failed", { cause: pgError("57P01") })],
    ["a write reaching a read-only standby during a failover (25006)", pgError("25006", "cannot execute UPDATE in a read-only transaction")],
    ["a serialization failure (40001)", pgError("40001", "could not serialize access due to concurrent update")],
    ["a deadlock (40P01)", pgError("40P01", "deadlock detected")],
  ])("is true when %s", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation (23505)", pgError("23505", "duplicate key value violates unique constraint")],
    ["a syntax error (42601)", pgError("42601")],
    ["another transaction rollback class code (40002, integrity constraint)", pgError("40002")],
    ["another invalid transaction state (25P02, a transaction already aborted)", pgError("25P02")],
    ["wrong password (28P01)", pgError("28P01", "password authentication failed")],
    ["a bug", new TypeError("Cannot read properties of undefined")],
    ["a thrown Response", new Response("nope", { status: 404 })],
    ["nothing", undefined],
  ])("is false for %s", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
