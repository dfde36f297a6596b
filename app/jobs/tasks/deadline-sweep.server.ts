import type { Kysely } from "kysely";
import type { Task } from "graphile-worker";
import type { Database } from "../../db/schema";
import { noticeSettingsFromEnv, sendNoticeDigests, sweepDeadlines } from "../../models/notices.server";
import { tidyUp } from "../../models/housekeeping.server";

export const DEADLINE_SWEEP_TASK = "deadline_sweep";
export const NOTICE_DIGEST_TASK = "notice_digest";
export const HOUSEKEEPING_TASK = "housekeeping";

/**
 * The recurring tasks, in graphile-worker's crontab format (times in UTC). `fill` backfills the
 * runs missed while no worker was up, so a sweep missed during downtime happens at start; `jobKey`
 * (replace mode) folds those backfilled runs into one pending job instead of a run per missed slot.
 * Every run decides from the clock at the moment it runs, so one catch-up run is enough.
 */
export function recurringTasks(schedules: { sweep?: string; digest?: string; housekeeping?: string } = {}): string {
  return [
    `${schedules.sweep ?? "*/15 * * * *"} ${DEADLINE_SWEEP_TASK} ?fill=1d&jobKey=${DEADLINE_SWEEP_TASK}&max=1`,
    `${schedules.digest ?? "5 * * * *"} ${NOTICE_DIGEST_TASK} ?fill=1d&jobKey=${NOTICE_DIGEST_TASK}&max=1`,
    `${schedules.housekeeping ?? "30 3 * * *"} ${HOUSEKEEPING_TASK} ?fill=1d&jobKey=${HOUSEKEEPING_TASK}&max=1`,
  ].join("\n");
}

/**
 * Every 15 minutes; the digest task hourly (it sends at the first run after 07:00 in the operator's
 * zone, whatever the zone's offset that day: `lastDigestMoment`); housekeeping at 03:30 UTC.
 */
export const RECURRING_TASKS = recurringTasks();

export interface SweepTaskDeps {
  db: Kysely<Database>;
  /** The clock the tasks read (tests set it; default the real one). */
  now?: () => Date;
}

/** The deadline sweep: reminders, breach alerts, escalation notices and wait notices, each once. */
export function makeDeadlineSweepTask(deps: SweepTaskDeps): Task {
  // Read the settings when the worker starts, so a bad value stops it with the variable's name.
  const settings = noticeSettingsFromEnv();
  return async () => {
    await sweepDeadlines(deps.db, deps.now?.() ?? new Date(), { settings });
  };
}

/** Staff who chose a daily digest get one mail with the notices since their last one. */
export function makeNoticeDigestTask(deps: SweepTaskDeps): Task {
  return async () => {
    await sendNoticeDigests(deps.db, deps.now?.() ?? new Date());
  };
}

/** Daily: spent sessions, links and throttle counters, and held filings nobody confirmed. */
export function makeHousekeepingTask(deps: SweepTaskDeps): Task {
  return async () => {
    await tidyUp(deps.db, deps.now?.() ?? new Date());
  };
}
