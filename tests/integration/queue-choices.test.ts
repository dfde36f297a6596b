// The officer queue's choices (issue 5): the client filter is a search on the server, not a list
// of every client; the bulk "New owner" offers officers and only the chosen client's liaisons; the
// loader data carries neither every client nor every liaison, however many there are.
import { randomInt } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { sessionCookieFor } from "../../app/auth/guards.server";
import { ownerDb as db } from "../../app/db/db.server";
import { action as queueAction, loader as queueLoader } from "../../app/routes/cases._index";
import { CLIENT_SEARCH_LIMIT } from "../../app/lib/organization";
import { CHANGED_SINCE_LOADED } from "../../app/domain";
import { performCaseCommand } from "../../app/models/case-commands.server";
import { createLiaison, createOfficer, fileCase, type FiledCase, type TestUser } from "../support/factories";

const BASE = "http://localhost:3000";
/** Letters only: a word no other test's client names contain. */
const MARK = Array.from({ length: 10 }, () => String.fromCharCode(97 + randomInt(26))).join("");
const N = 60;

let officer: TestUser;
let clients: { id: string; name: string }[];
let liaison07: TestUser;
let liaison08: TestUser;
let liaisonOthers: TestUser[];
let case07: FiledCase;
let case08: FiledCase;
const cookies = new Map<string, string>();

async function cookieOf(userId: string): Promise<string> {
  if (!cookies.has(userId)) cookies.set(userId, (await sessionCookieFor(userId)).split(";")[0]!);
  return cookies.get(userId)!;
}

async function get(path: string, userId: string): Promise<LoaderFunctionArgs> {
  return { request: new Request(`${BASE}${path}`, { headers: { Cookie: await cookieOf(userId) } }), params: {}, context: {} };
}

async function post(path: string, userId: string, form: [string, string][]): Promise<ActionFunctionArgs> {
  const request = new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, Cookie: await cookieOf(userId) },
    body: new URLSearchParams(form).toString(),
  });
  return { request, params: {}, context: {} };
}

/** The queue's loader data for the officer, or the redirect it threw. */
async function queue(path: string, userId = officer.id) {
  try {
    return { data: await queueLoader(await get(path, userId)), redirect: null };
  } catch (e) {
    if (e instanceof Response && e.status >= 300 && e.status < 400) return { data: null, redirect: e.headers.get("Location") };
    throw e;
  }
}

const two = (i: number) => String(i).padStart(2, "0");

beforeAll(async () => {
  // N clients named "<MARK> Holdings 00" .. "<MARK> Holdings 59", each with one liaison.
  clients = await db()
    .insertInto("clients")
    .values(Array.from({ length: N }, (_, i) => ({ name: `${MARK} Holdings ${two(i)}` })))
    .returning(["id", "name"])
    .execute();
  clients.sort((a, b) => a.name.localeCompare(b.name));
  officer = await createOfficer();
  liaison07 = await createLiaison(clients[7]!.id);
  liaison08 = await createLiaison(clients[8]!.id);
  liaisonOthers = await Promise.all(clients.slice(10, 20).map((c) => createLiaison(c.id)));
  case07 = await fileCase({ clientId: clients[7]!.id, description: `About ${MARK}, the first.` }, new Date());
  case08 = await fileCase({ clientId: clients[8]!.id, description: `About ${MARK}, the second.` }, new Date());
}, 120_000);

describe("the officer queue at many clients", () => {
  it("carries no list of clients and no liaison in its loader data without a client filter", async () => {
    // Searched for the two cases' own word: other tests' cases share this database and may fill page one.
    const { data } = await queue(`/cases?q=${MARK}`);
    const body = JSON.stringify(data);
    // Only the two clients whose cases are on the page are named (in their rows).
    expect(clients.filter((c) => body.includes(c.name)).map((c) => c.name)).toEqual([clients[7]!.name, clients[8]!.name]);
    for (const l of [liaison07, liaison08, ...liaisonOthers]) expect(body).not.toContain(l.id);
    expect(data!.owners.map((o) => o.label)).toContain(`${officer.name} (officer)`);
    expect(data!.owners.every((o) => o.label.endsWith("(officer)"))).toBe(true);
    expect(data!.client).toBeNull();
  });

  it("lists several matching clients as links that keep the other filters, and filters by none of them", async () => {
    const { data } = await queue(`/cases?status=all&q=${MARK}&client_name=${MARK}+holdings`);
    expect(data!.clientSearch?.clients).toHaveLength(CLIENT_SEARCH_LIMIT);
    expect(data!.clientSearch?.more).toBe(true);
    expect(data!.clientSearch?.clients[7]).toEqual({ name: clients[7]!.name, query: `status=all&q=${MARK}&client=${clients[7]!.id}` });
    expect(data!.client).toBeNull();
    expect(data!.rows.map((r) => r.reference).sort()).toEqual([case07.reference, case08.reference].sort());
    expect(data!.owners.every((o) => o.label.endsWith("(officer)"))).toBe(true);
  });

  it("goes to ?client=<id> for one match (or the whole name), keeping the other filters", async () => {
    expect((await queue(`/cases?stage=client&client_name=${MARK}+07&after=x`)).redirect).toBe(`/cases?stage=client&client=${clients[7]!.id}`);
    expect((await queue(`/cases?client_name=${encodeURIComponent(clients[8]!.name.toUpperCase())}`)).redirect).toBe(`/cases?client=${clients[8]!.id}`);
  });

  it("says so when no client matches, and filters nothing", async () => {
    const { data } = await queue(`/cases?status=all&client_name=zz${MARK}`);
    expect(data!.clientSearch).toEqual({ query: `zz${MARK}`, clients: [], more: false });
    expect(data!.client).toBeNull();
    expect(data!.current).toBe("status=all");
  });

  it("filters by ?client=<id>, shows the client's name, and offers officers and that client's liaisons only", async () => {
    const { data } = await queue(`/cases?status=all&client=${clients[7]!.id}`);
    expect(data!.client).toEqual(clients[7]);
    expect(data!.rows.map((r) => r.reference)).toEqual([case07.reference]);
    const labels = data!.owners.map((o) => o.label);
    expect(labels).toContain(`${liaison07.name} (liaison, ${clients[7]!.name})`);
    expect(data!.owners.map((o) => o.id)).not.toContain(liaison08.id);
    expect(JSON.stringify(data)).not.toContain(clients[8]!.name);
    expect(data!.current).toBe(`status=all&client=${clients[7]!.id}`);
    // The form sends the shown name back with the id: the same client, no search.
    const again = await queue(`/cases?status=all&client_name=${encodeURIComponent(clients[7]!.name)}&client=${clients[7]!.id}`);
    expect(again.data!.client).toEqual(clients[7]);
    // A blank name clears the filter.
    const cleared = await queue(`/cases?status=all&client_name=&client=${clients[7]!.id}`);
    expect(cleared.data!.client).toBeNull();
    expect(cleared.data!.current).toBe("status=all");
  });

  it("gives a liaison their own colleagues and officers, and ignores a client name", async () => {
    const { data } = await queue(`/cases?client_name=${MARK}`, liaison07.id);
    expect(data!.clientSearch).toBeNull();
    expect(data!.owners.map((o) => o.id)).toContain(liaison07.id);
    expect(data!.owners.map((o) => o.id)).not.toContain(liaison08.id);
  });
});

/** What the checkbox of each case sends from the queue page as loaded now: "<reference>:<version>" (ADR 063). */
async function checkboxes(...cases: FiledCase[]): Promise<[string, string][]> {
  const { data } = await queue(`/cases?status=all&q=${MARK}`);
  return cases.map((c) => {
    const row = data!.rows.find((r) => r.reference === c.reference)!;
    return ["ref", `${row.reference}:${row.version}`];
  });
}

type ActionResult = { data: { lines?: string[]; error?: string }; init: { status?: number } | null };

describe("bulk owner", () => {
  it("still refuses, by reference and with the reason, a liaison of another client posted by hand", async () => {
    const result = await queueAction(await post("/cases?index", officer.id, [["intent", "bulk_owner"], ...(await checkboxes(case07, case08)), ["owner", liaison08.id]]));
    const lines = (result as unknown as ActionResult).data.lines;
    expect(lines).toEqual([
      `1 case assigned: ${case08.reference}.`,
      `${case07.reference} was not assigned: That liaison works for a different client company, so they cannot own this case.`,
    ]);
  });

  it("refuses, with 400 and a sentence, a selection without the version the page showed, and changes nothing", async () => {
    for (const value of [case07.reference, `${case07.reference}:`, `${case07.reference}:x`, "PS-2026-1:1"]) {
      const result = (await queueAction(await post("/cases?index", officer.id, [["intent", "bulk_owner"], ["ref", value], ["owner", officer.id]]))) as unknown as ActionResult;
      expect(result.init?.status, value).toBe(400);
      expect(result.data.error, value).toBe("A selected case did not come with the version this page showed. Reload the page and choose the cases again.");
    }
    const row = await db().selectFrom("cases").select("owner_id").where("id", "=", case07.id).executeTakeFirstOrThrow();
    expect(row.owner_id).toBeNull();
  });
});

describe("bulk close", () => {
  it("does not close a case that changed after the page was loaded, says so, and closes the others", async () => {
    const page = await checkboxes(case07, case08); // the officer loads the queue
    // Then the liaison writes to the complainant on case07.
    const { version } = await db().selectFrom("cases").select("version").where("id", "=", case07.id).executeTakeFirstOrThrow();
    const wrote = await performCaseCommand({ actor: liaison07.actor, reference: case07.reference, expectedVersion: version, command: { type: "post_message", audience: "parties", channel: "web" }, body: "We have deleted it.", now: new Date() });
    expect(wrote.ok).toBe(true);
    const result = (await queueAction(
      await post("/cases?index", officer.id, [["intent", "bulk_close"], ...page, ["kind", "not_pursued"], ["reason", "Not pursued."]]),
    )) as unknown as ActionResult;
    expect(result.data.lines).toEqual([`1 case closed: ${case08.reference}.`, `${case07.reference} was not closed: ${CHANGED_SINCE_LOADED}`]);
    const rows = await db().selectFrom("cases").select(["reference", "status"]).where("id", "in", [case07.id, case08.id]).execute();
    expect(Object.fromEntries(rows.map((r) => [r.reference, r.status]))).toEqual({ [case07.reference]: "awaiting_acknowledgement", [case08.reference]: "closed" });
  });
});
