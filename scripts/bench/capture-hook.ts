import { appendFileSync } from "node:fs";
import pg from "pg";

// Loaded with `node --import` into an app process by the benchmark (never in production): every
// statement the process sends through pg (Kysely included) is appended to RECOURSE_BENCH_CAPTURE
// as one JSON line with its parameters and result rows, so that the bare baseline server can
// replay exactly the SQL each page runs, and map values that come from earlier results.
const file = process.env.RECOURSE_BENCH_CAPTURE;
if (file) {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  // Which connection ran each statement: a page runs transactions on several at once, and the
  // baseline must replay each on a connection of its own (replay.ts).
  const connections = new WeakMap<pg.Client, number>();
  let lastConnection = 0;
  pg.Client.prototype.query = function capturedQuery(this: pg.Client, ...args: unknown[]) {
    const result = original.apply(this, args);
    // (text, values), or the { name, text, values } form the app's client uses for prepared statements.
    const config = typeof args[0] === "object" && args[0] !== null ? (args[0] as { text?: unknown; values?: unknown }) : null;
    const [text, values] = config ? [config.text, config.values] : args;
    if (typeof text === "string" && (values === undefined || Array.isArray(values)) && result instanceof Promise) {
      let connection = connections.get(this);
      if (connection === undefined) connections.set(this, (connection = ++lastConnection));
      // Registered before the caller's own await, so lines keep the order of a request's statements.
      result.then(
        (res: pg.QueryResult) => appendFileSync(file, JSON.stringify({ sql: text, params: values ?? [], rows: res.rows ?? [], connection }) + "\n"),
        (error: unknown) => appendFileSync(file, JSON.stringify({ sql: text, params: values ?? [], rows: [], error: String(error), connection }) + "\n"),
      );
    }
    return result;
  } as typeof pg.Client.prototype.query;
}
