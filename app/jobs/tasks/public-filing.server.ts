import type { Task } from "graphile-worker";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema";
import { processPublicFiling } from "../../models/public-filing.server";

const payloadSchema = z.object({ filingId: z.uuid() });

/** Handles one submission of the public complaint form in the background (app/models/public-filing.server.ts). */
export const makePublicFilingTask = (deps: { db: Kysely<Database>; now?: () => Date }): Task => async (payload) => {
  const parsed = payloadSchema.safeParse(payload);
  // A malformed payload cannot become valid by retrying.
  if (!parsed.success) return;
  await processPublicFiling(parsed.data.filingId, deps.now?.() ?? new Date(), deps.db);
};
