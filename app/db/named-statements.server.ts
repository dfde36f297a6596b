import { createHash } from "node:crypto";
import pg from "pg";
import { remembered } from "~/domain/remembered";

/**
 * A pg client that runs each parameterised statement as a named prepared statement, so that
 * PostgreSQL keeps its plan on the connection. Row-level security makes planning the larger part
 * of most statements: the policies add subqueries on cases to every query of a case's messages,
 * events, deadlines and attachments (2 ms to plan an attachments query that runs in 0.2 ms).
 * PostgreSQL still plans each statement afresh for its first five runs and then keeps a generic
 * plan only where that is estimated no worse than the custom ones (plan_cache_mode auto). ADR 045.
 *
 * Not named, so planned for their values on every run: statements whose best plan depends on what a
 * parameter holds (a pattern for LIKE, an array for = ANY, a text search), where one generic plan
 * went wrong (the queue of a search's matching ids walked every open case: 9.6 ms instead of 5.9).
 * Bounded: at most MAX_NAMED statements per connection (a prepared plan holds backend memory);
 * statements past that, and bulk statements with many parameters, run unnamed as before.
 */
export const MAX_NAMED = 150;
const MAX_PARAMETERS = 50;
const MAX_TEXT = 20_000;
/**
 * A statement without parameters is prepared only if it is one read (a page's first rows with its
 * LIMIT written in, ADR 055): never BEGIN, COMMIT or SET, nor a text of several statements (a
 * migration's), which PostgreSQL refuses to prepare.
 */
const ONE_READ = /^\s*(select|with)\b[^;]*;?\s*$/i;
const PLANNED_PER_VALUE = /\b(i?like|similar to)\b|=\s*any\s*\(|@@|~\*?\s*\$/i;

const names = new Map<string, string | null>();
/** The statement's name, or null for one planned per run. */
const nameOf = (text: string) =>
  remembered(names, text, 2_000, () => (PLANNED_PER_VALUE.test(text) ? null : `r_${createHash("sha1").update(text).digest("base64url").slice(0, 22)}`));

/** "cached plan must not change result type": a table a `select *` reads changed under a running app. */
const STALE_PLAN = "0A000";

export class NamingClient extends pg.Client {
  readonly #named = new Set<string>();
  readonly #unnamed = new Set<string>();

  // pg's query() is overloaded (callbacks, config objects, submittables); only the (text, values)
  // form Kysely uses is named, every other form goes to pg unchanged.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const [text, values] = args;
    const name = args.length === 2 && typeof text === "string" && Array.isArray(values) ? this.#nameFor(text, values.length) : null;
    if (!name) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as (...a: any[]) => any)(...args);
    }
    this.#named.add(name);
    return super.query({ name, text, values }).catch((error: unknown) => {
      // The prepared plan is unusable from now on: this text runs unnamed on this connection.
      if ((error as { code?: string }).code === STALE_PLAN) this.#unnamed.add(text);
      throw error;
    });
  }

  /** The name to prepare `text` under on this connection, or null to run it unnamed. */
  #nameFor(text: string, parameters: number): string | null {
    if ((parameters === 0 && !ONE_READ.test(text)) || parameters > MAX_PARAMETERS || text.length > MAX_TEXT || this.#unnamed.has(text)) return null;
    const name = nameOf(text);
    return name !== null && (this.#named.size < MAX_NAMED || this.#named.has(name)) ? name : null;
  }
}
