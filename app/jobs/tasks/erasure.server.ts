import type { Task } from "graphile-worker";
import { z } from "zod";
import { queueErasureJob } from "../../models/erasure.server";
import { carryOutErasure } from "../../models/retention.server";
import type { SweepTaskDeps } from "./deadline-sweep.server";

/** How long a granted erasure waits before it looks again for the closing mail (and the others of its cases) to have gone. */
export const ERASURE_MAIL_WAIT_MS = 10_000;

const payloadSchema = z.object({ caseId: z.uuid() });

/**
 * `carry_out_erasure` (ADR 051): anonymises the complainant's ended cases once the closing mail
 * has gone. While a mail of those cases waits, the job queues itself again a little later (same
 * key, so never two), for as long as the mail is retried; a failed mail is given up and no longer waited for.
 */
export function makeErasureTask(deps: SweepTaskDeps): Task {
  return async (payload) => {
    const { caseId } = payloadSchema.parse(payload);
    const now = deps.now?.() ?? new Date();
    const run = await carryOutErasure(deps.db, caseId, now);
    if (run.kind === "waiting_for_mail") await queueErasureJob(deps.db, caseId, new Date(Date.now() + ERASURE_MAIL_WAIT_MS));
    // References only: no person is named in the worker's log.
    if (run.kind === "done") for (const k of run.kept) if (k.why === "broken_chain") console.error(`[erasure] ${k.reference} not anonymised: its event chain is broken`);
  };
}
