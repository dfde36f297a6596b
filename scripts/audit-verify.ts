import { auditAsSystem } from "../app/models/audit.server";
import { withDatabase } from "./with-database";

// npm run audit:verify — checks every case's event chain (ADR 019) and names the first broken link
// of each broken chain. Exit code 0: every chain holds; 1: at least one is broken.
// On the embedded database, run it while the app is stopped (or point DATABASE_URL at the server).
let broken = 0;
await withDatabase(async () => {
  const report = await auditAsSystem();
  console.log(`checked ${report.events} events in ${report.cases} case chains`);
  for (const link of report.broken) {
    console.log(`BROKEN ${link.reference}: event ${link.seq} (row ${link.eventId}, ${link.eventType}): ${link.detail}`);
  }
  broken = report.broken.length;
  console.log(broken ? `${broken} broken chain${broken === 1 ? "" : "s"}` : "every chain holds");
});
process.exitCode = broken ? 1 : 0;
