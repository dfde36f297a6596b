// A worker in a process of its own, for tests that kill it (-9) mid-send: runs the app's mail worker
// against DATABASE_URL and SMTP_URL with the MAIL_* settings of its environment, prints "ready" once
// started, and stops cleanly on SIGTERM.
import { startWorker } from "../../app/jobs/worker.server";

const worker = await startWorker({ connectionString: process.env.DATABASE_URL!, pollInterval: 100, concurrency: 1 });
console.log("ready");
process.on("SIGTERM", () => {
  void worker.stop().then(() => process.exit(0));
});
