import type { Task } from "graphile-worker";
import { sweepRetention } from "../../models/retention.server";
import type { SweepTaskDeps } from "./deadline-sweep.server";

export const RETENTION_SWEEP_TASK = "retention_sweep";

/**
 * Daily at 03:30 UTC, with the missed run of the last day backfilled at start and folded into one
 * job (ADR 013's pattern). Each case is decided under its own lock, so a run twice does nothing twice.
 */
export const RETENTION_RECURRING_TASK = `30 3 * * * ${RETENTION_SWEEP_TASK} ?fill=1d&jobKey=${RETENTION_SWEEP_TASK}&max=1`;

/** Anonymises every finished case past its retention date that no legal hold keeps (ADR 026). */
export function makeRetentionSweepTask(deps: SweepTaskDeps): Task {
  return async () => {
    const result = await sweepRetention(deps.db, deps.now?.() ?? new Date());
    // References only: no person is named in the worker's log.
    for (const s of result.skipped) console.error(`[retention] ${s.reference} not anonymised: ${s.why}`);
  };
}
