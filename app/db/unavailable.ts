/**
 * Whether an error means "the database cannot be reached right now" (a restart, a failover,
 * terminated connections, PostgreSQL not started yet, a transaction that lost a deadlock or a
 * serialization conflict), as opposed to a bug or bad data.
 * Such a failure is answered with 503 and "try again in a moment"; it passes by itself.
 */

// SQLSTATE codes: class 08 is "connection exception"; 57P01-57P03 are the shutdown codes
// a restart or pg_terminate_backend() sends; 53300 is "too many connections". 25006 ("read-only
// SQL transaction") is a write reaching a standby during a failover, before the pool's connections
// move to the new primary. 40001 (serialization failure) and 40P01 (deadlock detected) roll back a
// transaction that succeeds when tried again; nothing in the app retries them, so the person is
// asked to (503 with Retry-After).
const UNAVAILABLE_CODES = new Set(["57P01", "57P02", "57P03", "53300", "25006", "40001", "40P01"]);
const UNAVAILABLE_SYSTEM_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
// node-postgres reports a lost or unobtainable connection with these messages and no code.
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error and is not queryable/i,
  /cannot use a pool after calling end on the pool/i,
  /client was closed and is not queryable/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

export const UNAVAILABLE_MESSAGE = "The service is briefly unavailable. Please try again in a moment.";
/** Seconds a client is asked to wait (Retry-After) before trying again. */
export const RETRY_AFTER_SECONDS = 5;

export function isDatabaseUnavailable(error: unknown): boolean {
  // Follow `cause` (and AggregateError's list, which `net` uses when every address refuses).
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 10) {
    const current = queue.shift();
    if (current === null || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const { code, message, cause, errors } = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string" && (code.startsWith("08") || UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SYSTEM_CODES.has(code))) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return false;
}
