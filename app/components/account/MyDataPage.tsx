import { formatDateTime } from "~/lib/dates";
import type { ExportFile, MyDataExport } from "~/models/export.server";

// The readable copy of a complainant's data (my/export.html): a whole document, rendered to static
// markup on the server, readable offline and printable. Times in the operator's zone.

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 1rem auto; padding: 0 1rem; color: #1a1a1a; }
h1, h2, h3 { line-height: 1.25; } dt { font-weight: 600; } dd { margin: 0 0 .5rem 0; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; border-bottom: 1px solid #ccc; padding: .25rem .5rem; vertical-align: top; }
.message { border-left: 4px solid #888; padding: .25rem .75rem; margin: .75rem 0; } .message p { white-space: pre-wrap; margin: .25rem 0; }
a:focus { outline: 3px solid #1d4ed8; outline-offset: 2px; }
@media print { a { color: inherit; } }
`;

function Files({ files }: { files: ExportFile[] }) {
  if (files.length === 0) return null;
  return (
    <ul>
      {files.map((f) => (
        <li key={f.link}>
          <a href={f.link}>{f.name}</a> ({f.type}, {f.size} bytes)
        </li>
      ))}
    </ul>
  );
}

export function MyDataPage({ data, zone }: { data: MyDataExport; zone: string }) {
  const at = (d: string) => formatDateTime(d, zone);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`Your data, as of ${at(data.exportedAt)}`}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <main>
          <h1>Your data</h1>
          <p>As of {at(data.exportedAt)}. {data.about}</p>
          <h2>Your account</h2>
          <dl>
            <dt>Name</dt><dd>{data.you.name}</dd>
            <dt>E-mail address</dt><dd>{data.you.email}</dd>
            <dt>Country</dt><dd>{data.you.country ?? "—"}</dd>
            <dt>Account created</dt><dd>{at(data.you.accountCreatedAt)}</dd>
            <dt>Address confirmed</dt><dd>{data.you.emailConfirmedAt ? at(data.you.emailConfirmedAt) : "—"}</dd>
            <dt>Last signed in</dt><dd>{data.you.lastSignInAt ? at(data.you.lastSignInAt) : "—"}</dd>
          </dl>
          <h2>Where you are signed in</h2>
          {data.sessions.length === 0 ? <p>Nowhere.</p> : (
            <table>
              <thead><tr><th scope="col">Since</th><th scope="col">Last seen</th><th scope="col">Device</th><th scope="col">Network address</th></tr></thead>
              <tbody>
                {data.sessions.map((s, i) => (
                  <tr key={i}><td>{at(s.startedAt)}</td><td>{at(s.lastSeenAt)}</td><td>{s.device ?? "—"}</td><td>{s.ipAddress ?? "—"}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Your complaints ({data.cases.length})</h2>
          {data.cases.map((c) => (
            <section key={c.reference} aria-labelledby={`case-${c.reference}`}>
              <h3 id={`case-${c.reference}`}>{c.reference}: {c.category}</h3>
              <dl>
                <dt>Made on</dt><dd>{at(c.openedAt)}</dd>
                <dt>With</dt><dd>{c.stage}</dd>
                <dt>Where it stands</dt><dd>{c.status}{c.closure ? ` (${c.closure.kind.replace(/_/g, " ")}: ${c.closure.reason})` : ""}</dd>
                <dt>Country</dt><dd>{c.country}</dd>
                <dt>What happened</dt><dd>{c.description}</dd>
                <dt>What you asked for</dt><dd>{c.desiredOutcome}</dd>
                <dt>Earlier contact</dt><dd>{c.earlierContact ?? "—"}</dd>
              </dl>
              {c.filesWithComplaint.length > 0 && <><h4>Files sent with the complaint</h4><Files files={c.filesWithComplaint} /></>}
              <h4>Messages ({c.messages.length})</h4>
              {c.messages.map((m, i) => (
                <div className="message" key={i}>
                  <p><strong>From {m.from}</strong>, {at(m.at)} ({m.channel})</p>
                  <p>{m.body}</p>
                  <Files files={m.files} />
                </div>
              ))}
              <h4>Steps of the case</h4>
              <table>
                <thead><tr><th scope="col">When</th><th scope="col">Step</th><th scope="col">Details</th></tr></thead>
                <tbody>
                  {c.events.map((e, i) => (
                    <tr key={i}>
                      <td>{at(e.at)}</td>
                      <td>{e.type.replace(/_/g, " ")}</td>
                      <td>{Object.entries(e.details).map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`).join("; ") || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h4>Mail we sent you ({c.mails.length})</h4>
              {c.mails.length > 0 && (
                <table>
                  <thead><tr><th scope="col">Queued</th><th scope="col">Kind</th><th scope="col">Status</th></tr></thead>
                  <tbody>
                    {c.mails.map((m, i) => (
                      <tr key={i}><td>{at(m.at)}</td><td>{m.template.replace(/_/g, " ")}</td><td>{m.status}{m.sentAt ? `, sent ${at(m.sentAt)}` : ""}</td></tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          ))}
        </main>
      </body>
    </html>
  );
}
