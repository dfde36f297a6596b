import type { Task } from "graphile-worker";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { z } from "zod";
import { requestSignInLink } from "../../auth/sign-in.server";
import { LOCALES } from "../../i18n/locales";

// The language of the request that asked (ADR 033); a job queued before it had one is English.
// The request's id (ADR 065); a job queued before it had one is answered without it.
const payloadSchema = z.object({ email: z.email(), locale: z.enum(LOCALES).catch("en"), requestId: z.uuid().optional().catch(undefined) });

/** Answers a /signin request in the background (app/auth/sign-in.server.ts, askForSignInLink). */
export const makeSignInRequestTask = (deps: { db: Kysely<Database> }): Task => async (payload) => {
  const parsed = payloadSchema.safeParse(payload);
  // A malformed payload cannot become valid by retrying.
  if (!parsed.success) return;
  await requestSignInLink(parsed.data.email, new Date(), deps.db, parsed.data.locale, parsed.data.requestId ?? null);
};
