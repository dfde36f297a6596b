import { db } from "~/db/db.server";
import { totpCode } from "~/auth/totp";
import { asSystem } from "~/db/actor.server";
import type { Actor, Category } from "~/domain";
import { acceptInvite } from "~/models/accounts.server";
import { addClient, inviteStaff, SEED } from "~/models/admin.server";
import { performCaseCommand, type CaseCommandRequest } from "~/models/case-commands.server";
import { fileComplaint } from "~/models/complaints.server";

export const DEMO_ACCOUNTS = {
  password: "recourse-demo",
  /**
   * The one TOTP secret (base32) every demo staff account is enrolled with, documented in the
   * README so the demo can be walked with any authenticator app. Never use it for a real account.
   */
  totpSecret: "JBSWY3DPEHPK3PXP",
  staff: [
    { label: "Security Officer", email: "officer@customerportfolios.example", name: "Dana Whitfield", role: "officer" as const, client: null },
    { label: "Liaison, Northwind Outfitters", email: "liaison@northwind.example", name: "Ravi Patel", role: "liaison" as const, client: "Northwind Outfitters" },
    { label: "Liaison, Bluebird Travel", email: "liaison@bluebird.example", name: "Claire Dubois", role: "liaison" as const, client: "Bluebird Travel" },
  ],
  complainant: "maria.keller@example.eu",
};

const DAY = 86_400_000;

interface Script {
  key: string;
  client: string | null;
  category: Category;
  who: { name: string; email: string; country: string };
  description: string;
  desiredOutcome: string;
  daysAgo: number;
  /** [days after filing, who acts, command, message] */
  steps: [number, "officer" | "liaison" | "complainant", CaseCommandRequest, string?][];
}

const maria = { name: "Maria Keller", email: DEMO_ACCOUNTS.complainant, country: "DE" };
const jan = { name: "Jan de Vries", email: "jan.devries@example.nl", country: "NL" };
const sofia = { name: "Sofia Rossi", email: "sofia.rossi@example.it", country: "IT" };

const SCRIPTS: Script[] = [
  {
    key: "demo-client-new", client: "Northwind Outfitters", category: "opt_out", who: maria, daysAgo: 2,
    description: "I keep receiving Northwind catalogues by e-mail although I unsubscribed in March.",
    desiredOutcome: "Stop all promotional e-mail to me.", steps: [],
  },
  {
    key: "demo-client-answered", client: "Bluebird Travel", category: "request_access", who: maria, daysAgo: 20,
    description: "I would like to know what data Bluebird Travel holds about me in its marketing database.",
    desiredOutcome: "A copy of my data.",
    steps: [
      [1, "liaison", { type: "acknowledge" }],
[10, "liaison", { type: "record_identity_verification", method: "client_records", evidence: "Name, e-mail address and booking numbers match the client's booking system.", outcome: "verified" }],
      [12, "liaison", { type: "answer", message: "We hold your name, e-mail address and two past bookings (2024, 2025). A copy is attached to the letter we posted to you." }],
    ],
  },
  {
    key: "demo-client-overdue", client: "Northwind Outfitters", category: "request_removal", who: jan, daysAgo: 9,
    description: "Please remove my data; I never shopped with Northwind.",
    desiredOutcome: "Deletion of my record.", steps: [],
  },
  {
    key: "demo-company", client: null, category: "security", who: sofia, daysAgo: 12,
    description: "I received a marketing e-mail that showed another customer's name in the greeting.",
    desiredOutcome: "An explanation and assurance it is fixed.",
    steps: [[2, "officer", { type: "acknowledge" }]],
  },
  {
    key: "demo-dma", client: "Northwind Outfitters", category: "request_correction", who: jan, daysAgo: 120,
    description: "My postal address is wrong and letters go to my old flat.",
    desiredOutcome: "Correct my address.",
    steps: [
      [2, "liaison", { type: "acknowledge" }],
      [30, "liaison", { type: "answer", message: "We could not find your record.", declines: true }],
      [32, "complainant", { type: "reject_answer", reason: "The letters still arrive with my name." }],
      [32, "complainant", { type: "escalate" }],
      [34, "officer", { type: "acknowledge" }],
[58, "officer", { type: "record_identity_verification", method: "client_records", evidence: "Old and new postal address match the client's customer record; confirmed by a reply from the address on record.", outcome: "verified" }],
      [60, "officer", { type: "answer", message: "The record is held by the client; we have asked them to correct it." }],
      [61, "complainant", { type: "reject_answer", reason: "Nothing has changed." }],
      [61, "complainant", { type: "escalate" }],
      [70, "officer", { type: "record_dma_referral" }],
    ],
  },
  {
    key: "demo-arbitration", client: "Bluebird Travel", category: "request_removal", who: sofia, daysAgo: 200,
    description: "Bluebird keeps my data after I asked for deletion in writing.",
    desiredOutcome: "Deletion and confirmation.",
    steps: [
      [1, "liaison", { type: "acknowledge" }],
      [40, "liaison", { type: "answer", message: "We must keep booking records for tax purposes.", declines: true }],
      [41, "complainant", { type: "reject_answer" }],
      [41, "complainant", { type: "escalate" }],
      [43, "officer", { type: "acknowledge" }],
[78, "officer", { type: "record_identity_verification", method: "client_records", evidence: "Signed deletion request matches the booking records (name, address, booking numbers).", outcome: "verified" }],
      [80, "officer", { type: "answer", message: "Marketing data was deleted; booking records stay for the legal period." }],
      [81, "complainant", { type: "reject_answer" }],
      [81, "complainant", { type: "escalate" }],
      [85, "officer", { type: "record_dma_referral" }],
      [125, "officer", { type: "record_dma_outcome", summary: "The DMA found the retention of booking records lawful but asked for marketing suppression." }],
      [127, "complainant", { type: "reject_answer" }],
      [127, "complainant", { type: "escalate" }],
    ],
  },
  {
    key: "demo-resolved", client: "Bluebird Travel", category: "opt_out", who: jan, daysAgo: 40,
    description: "Please stop the newsletters.", desiredOutcome: "Opt-out.",
    steps: [
      [1, "liaison", { type: "acknowledge" }],
      [3, "liaison", { type: "answer", message: "You are now opted out of all promotional mail." }],
      [4, "complainant", { type: "accept_answer" }],
    ],
  },
  {
    key: "demo-closed", client: null, category: "notice", who: maria, daysAgo: 30,
    description: "Same as my other complaint about Northwind.", desiredOutcome: "See the other case.",
    steps: [[1, "officer", { type: "close", kind: "duplicate", reason: "Duplicate of the Northwind opt-out complaint." }]],
  },
];

/**
 * Demo data for a laptop or a review environment: an officer, two clients with a liaison
 * each, and cases at every stage, built through the same use cases as real ones.
 * Returns false when it was already there.
 */
export async function seedDemoData(now: Date): Promise<boolean> {
  const already = await asSystem("demo seed", (trx) => trx.selectFrom("cases").select("id").where("submission_key", "=", SCRIPTS[0]!.key).executeTakeFirst());
  // Clients and staff go through the administration use cases, as a real officer's would.
  const clientIds = new Map<string, string>();
  for (const name of ["Northwind Outfitters", "Bluebird Travel"]) {
    const existing = await db().selectFrom("clients").select("id").where("name", "=", name).executeTakeFirst();
    if (existing) {
      clientIds.set(name, existing.id);
      continue;
    }
    const added = await addClient(SEED, name, now);
    if (!added.ok) throw new Error(`demo client ${name}: ${added.reason}`);
    clientIds.set(name, added.clientId);
  }
  const staff = new Map<string, Actor>();
  for (const a of DEMO_ACCOUNTS.staff) {
    const clientId = a.client ? clientIds.get(a.client)! : null;
    let id = (await db().selectFrom("users").select("id").where("email", "=", a.email).executeTakeFirst())?.id;
    if (!id) {
      const invited = await inviteStaff(SEED, { email: a.email, name: a.name, role: a.role, clientId }, now, { seedSecret: DEMO_ACCOUNTS.totpSecret, mail: false });
      if (!invited.ok) throw new Error(`demo account ${a.email}: ${invited.reason}`);
      // The code of the previous 30-second step: the current one stays unused, so the demo
      // account can sign in at once.
      const code = totpCode(DEMO_ACCOUNTS.totpSecret, new Date(now.getTime() - 30_000));
      const accepted = await acceptInvite(invited.token, { password: DEMO_ACCOUNTS.password, confirm: DEMO_ACCOUNTS.password, code }, now);
      if (!accepted.ok) throw new Error(`demo account ${a.email}: ${accepted.reason}`);
      id = invited.userId;
    }
    staff.set(a.client ?? "officer", a.role === "liaison" ? { role: "liaison", userId: id, clientId: clientId! } : { role: "officer", userId: id });
  }
  if (already) return false;

  for (const s of SCRIPTS) {
    const filedAt = new Date(now.getTime() - s.daysAgo * DAY);
    const clientId = s.client ? clientIds.get(s.client)! : null;
    const filed = await fileComplaint(
      {
        clientId, category: s.category, description: s.description, desiredOutcome: s.desiredOutcome,
        earlierContact: null, country: s.who.country, name: s.who.name, email: s.who.email, submissionKey: s.key,
      },
      filedAt,
    );
    if (!filed.ok) throw new Error(`demo case ${s.key}: ${filed.reason}`);
    const complainantId = (await db().selectFrom("users").select("id").where("email", "=", s.who.email).executeTakeFirstOrThrow()).id;
    let version = 1;
    for (const [day, who, command] of s.steps) {
      const actor: Actor =
        who === "complainant" ? { role: "complainant", userId: complainantId } : who === "liaison" ? staff.get(s.client!)! : staff.get("officer")!;
      const done = await performCaseCommand({ actor, reference: filed.reference, expectedVersion: version, command, now: new Date(filedAt.getTime() + day * DAY) });
      if (!done.ok) throw new Error(`demo case ${s.key}, ${command.type}: ${JSON.stringify(done)}`);
      version = done.version;
    }
  }
  return true;
}
