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
  ])("is true when %s", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation (23505)", pgError("23505", "duplicate key value violates unique constraint")],
    ["a syntax error (42601)", pgError("42601")],
    ["wrong password (28P01)", pgError("28P01", "password authentication failed")],
    ["a bug", new TypeError("Cannot read properties of undefined")],
    ["a thrown Response", new Response("nope", { status: 404 })],
    ["nothing", undefined],
  ])("is false for %s", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
