import { randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "~/db/schema";

type Queryable = Kysely<Database> | Transaction<Database>;

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** 20 random bytes as 32 lower-case base32 characters (160 bits). */
export function newReplyToken(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/**
 * The token for this person on this case, made on first use and the same ever after. Staff have a
 * second one (`forParties`): mail to it is posted for all parties, mail to the first for staff only.
 */
export async function replyTokenFor(db: Queryable, caseId: string, userId: string, forParties = false): Promise<string> {
  await db
    .insertInto("mail_reply_tokens")
    .values({ token: newReplyToken(), case_id: caseId, user_id: userId, for_parties: forParties })
    .onConflict((oc) => oc.columns(["case_id", "user_id", "for_parties"]).doNothing())
    .execute();
  const row = await db
    .selectFrom("mail_reply_tokens")
    .select("token")
    .where("case_id", "=", caseId)
    .where("user_id", "=", userId)
    .where("for_parties", "=", forParties)
    .executeTakeFirstOrThrow();
  return row.token;
}

/** Whose reply a token stands for (and whether it is their "for all parties" address), or null for an unknown token. */
export async function findReplyToken(db: Queryable, token: string): Promise<{ caseId: string; userId: string; forParties: boolean } | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const row = await db
    .selectFrom("mail_reply_tokens")
    .select(["case_id", "user_id", "for_parties"])
    .where("token", "=", token)
    .executeTakeFirst();
  return row ? { caseId: row.case_id, userId: row.user_id, forParties: row.for_parties } : null;
}

/** `case+TOKEN@domain` for the configured reply domain (MAIL_REPLY_DOMAIN), or null when inbound mail is off. */
export function replyAddress(token: string, domain = process.env.MAIL_REPLY_DOMAIN?.trim()): string | null {
  return domain ? `case+${token}@${domain}` : null;
}

/** The token in an address such as `case+TOKEN@domain` (any case, any display name), or null. */
export function tokenInAddress(address: string): string | null {
  const match = /(?:^|[<\s"])case\+([a-z2-7]{32})@/i.exec(address);
  return match ? match[1]!.toLowerCase() : null;
}
