import { mailQueueHealth } from "~/models/mail-deliveries.server";

const headers = { "Cache-Control": "no-store" };

/**
 * For load balancers and monitoring: 200 when the database answers, 503 when it does not, and the
 * mail queue in figures (queued, failed, age in seconds of the oldest queued mail). No personal data.
 */
export async function loader() {
  try {
    // Reading the queue's figures is also the database check.
    const mail = await mailQueueHealth();
    return Response.json({ status: "ok", database: "up", mail }, { headers });
  } catch {
    return Response.json({ status: "degraded", database: "down", mail: null }, { status: 503, headers });
  }
}
