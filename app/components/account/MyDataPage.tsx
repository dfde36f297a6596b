import type { Translate } from "~/i18n";
import { complainantEventText } from "~/i18n/case-events";
import type { ExportDeadline, ExportFile, ExportMail, MyDataExport } from "~/models/export.server";

// The readable copy of a complainant's data (my/export.html): a whole document, rendered to static
// markup on the server, readable offline and printable. Times in the operator's zone; the frame in
// the complainant's language (`t` is translatorFor(locale, zone)), what they and staff wrote as it was written.

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 1rem auto; padding: 0 1rem; color: #1a1a1a; }
h1, h2, h3 { line-height: 1.25; } dt { font-weight: 600; } dd { margin: 0 0 .5rem 0; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; border-bottom: 1px solid #ccc; padding: .25rem .5rem; vertical-align: top; overflow-wrap: break-word; }
.table-wrap { max-width: 100%; overflow-x: auto; margin: 0 0 1rem; }
@media (max-width: 40rem) {
  table, tbody, tr, td { display: block; } thead { position: absolute; left: -9999px; }
  tr { border-bottom: 1px solid #ccc; padding: .25rem 0; } td { border: none; padding: .1rem 0; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
}
.message { border-left: 4px solid #888; padding: .25rem .75rem; margin: .75rem 0; } .message p { white-space: pre-wrap; margin: .25rem 0; }
a:focus { outline: 3px solid #1d4ed8; outline-offset: 2px; }
@media print { a { color: inherit; } }
`;

function Files({ files, t }: { files: ExportFile[]; t: Translate }) {
  if (files.length === 0) return null;
  return (
    <ul>
      {files.map((f) => (
        <li key={f.link}>
          <a href={f.link}>{f.name}</a> ({t("mydatapage.file", { type: f.type, size: f.size })})
        </li>
      ))}
    </ul>
  );
}

type At = (d: string) => string;

function Mails({ mails, t, at }: { mails: ExportMail[]; t: Translate; at: At }) {
  if (mails.length === 0) return null;
  return (
    <div className="table-wrap"><table>
      <thead><tr><th scope="col">{t("mydatapage.queued")}</th><th scope="col">{t("mydatapage.kind")}</th><th scope="col">{t("mydatapage.subject")}</th><th scope="col">{t("mydatapage.mailStatus")}</th></tr></thead>
      <tbody>
        {mails.map((m, i) => (
          <tr key={i}>
            <td data-label={t("mydatapage.queued")}>{at(m.at)}</td>
            <td data-label={t("mydatapage.kind")}>{t("mydatapage.mailKind", { template: m.template })}</td>
            <td data-label={t("mydatapage.subject")}>{m.subject ?? "—"}</td>
            <td data-label={t("mydatapage.mailStatus")}>{m.sentAt && m.status === "sent" ? t("mydatapage.sentAt", { at: at(m.sentAt) }) : t("mydatapage.mailState", { status: m.status })}</td>
          </tr>
        ))}
      </tbody>
    </table></div>
  );
}

/** The clocks of a case, worded as its page words them (the export words them in the reader's language). */
function Deadlines({ deadlines, t }: { deadlines: ExportDeadline[]; t: Translate }) {
  if (deadlines.length === 0) return null;
  return (
    <div className="table-wrap"><table>
      <thead>
        <tr><th scope="col">{t("deadlines.col.deadline")}</th><th scope="col">{t("mydatapage.atStep")}</th><th scope="col">{t("deadlines.col.due")}</th><th scope="col">{t("deadlines.col.state")}</th><th scope="col">{t("deadlines.col.how")}</th></tr>
      </thead>
      <tbody>
        {deadlines.map((d, i) => (
          <tr key={i}>
            <td data-label={t("deadlines.col.deadline")}>{d.kind}</td>
            <td data-label={t("mydatapage.atStep")}>{d.stage}</td>
            <td data-label={t("deadlines.col.due")}>{t.intl.formatDate(d.dueAt, { day: "numeric", month: "short", year: "numeric" })}</td>
            <td data-label={t("deadlines.col.state")}>{d.stateText}{d.metAt ? ` ${t("deadlines.metOn", { date: new Date(d.metAt) })}` : ""}</td>
            <td data-label={t("deadlines.col.how")}>
              {d.explanation}
              {d.pauses.map((p) => (
                <p key={p.from}>{p.to ? t("deadlines.pause.ended", { from: new Date(p.from), to: new Date(p.to), days: p.addedDays }) : t("deadlines.pause.open", { from: new Date(p.from) })}</p>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table></div>
  );
}

export function MyDataPage({ data, t }: { data: MyDataExport; t: Translate }) {
  const at: At = (d) => t.intl.formatDate(d, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "shortGeneric" });
  return (
    <html lang={t.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t("mydatapage.title", { at: at(data.exportedAt) })}</title>
        {/* As markup, not text: React would escape the quotes of `content: ": "` and void the rule. STYLE is a constant. */}
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>
        <main>
          <h1>{t("mydatapage.heading")}</h1>
          <p>{t("mydatapage.asOf", { at: at(data.exportedAt) })} {data.about}</p>
          <h2>{t("mydatapage.account")}</h2>
          <dl>
            <dt>{t("mydatapage.name")}</dt><dd>{data.you.name}</dd>
            <dt>{t("mydatapage.email")}</dt><dd>{data.you.email}</dd>
            <dt>{t("mydatapage.country")}</dt><dd>{data.you.country ?? "—"}</dd>
            <dt>{t("mydatapage.accountCreated")}</dt><dd>{at(data.you.accountCreatedAt)}</dd>
            <dt>{t("mydatapage.emailConfirmed")}</dt><dd>{data.you.emailConfirmedAt ? at(data.you.emailConfirmedAt) : "—"}</dd>
            <dt>{t("mydatapage.lastSignIn")}</dt><dd>{data.you.lastSignInAt ? at(data.you.lastSignInAt) : "—"}</dd>
          </dl>
          <h2>{t("mydatapage.sessions")}</h2>
          {data.sessions.length === 0 ? <p>{t("mydatapage.nowhere")}</p> : (
            <div className="table-wrap"><table>
              <thead><tr><th scope="col">{t("mydatapage.since")}</th><th scope="col">{t("mydatapage.lastSeen")}</th><th scope="col">{t("mydatapage.device")}</th><th scope="col">{t("mydatapage.networkAddress")}</th></tr></thead>
              <tbody>
                {data.sessions.map((s, i) => (
                  <tr key={i}><td data-label={t("mydatapage.since")}>{at(s.startedAt)}</td><td data-label={t("mydatapage.lastSeen")}>{at(s.lastSeenAt)}</td><td data-label={t("mydatapage.device")}>{s.device ?? "—"}</td><td data-label={t("mydatapage.networkAddress")}>{s.ipAddress ?? "—"}</td></tr>
                ))}
              </tbody>
            </table></div>
          )}
          <h2>{t("mydatapage.complaints", { count: data.cases.length })}</h2>
          {data.cases.map((c) => (
            <section key={c.reference} aria-labelledby={`case-${c.reference}`}>
              <h3 id={`case-${c.reference}`}>{c.reference}: {c.category}</h3>
              <dl>
                <dt>{t("mydatapage.madeOn")}</dt><dd>{at(c.openedAt)}</dd>
                <dt>{t("mydatapage.with")}</dt><dd>{c.stage}</dd>
                <dt>{t("mydatapage.status")}</dt><dd>{c.status}{c.closure ? ` (${t("mydatapage.closure", { kind: c.closure.kind, reason: c.closure.reason })})` : ""}</dd>
                <dt>{t("mydatapage.country")}</dt><dd>{c.country}</dd>
                <dt>{t("mydatapage.description")}</dt><dd>{c.description}</dd>
                <dt>{t("mydatapage.desiredOutcome")}</dt><dd>{c.desiredOutcome}</dd>
                <dt>{t("mydatapage.earlierContact")}</dt><dd>{c.earlierContact ?? "—"}</dd>
              </dl>
              {c.filesWithComplaint.length > 0 && <><h4>{t("mydatapage.filesWithComplaint")}</h4><Files files={c.filesWithComplaint} t={t} /></>}
              <h4>{t("mydatapage.messages", { count: c.messages.length })}</h4>
              {c.messages.map((m, i) => (
                <div className="message" key={i}>
                  <p>{t.rich("mydatapage.messageFrom", { from: m.from, at: at(m.at), channel: t("mydatapage.channel", { channel: m.channel }), strong: (chunks) => <strong>{chunks}</strong> })}</p>
                  <p>{m.body}</p>
                  <Files files={m.files} t={t} />
                </div>
              ))}
              <h4>{t("mydatapage.steps")}</h4>
              <p>{t("mydatapage.detailsHint")}</p>
              <div className="table-wrap"><table>
                <thead><tr><th scope="col">{t("mydatapage.when")}</th><th scope="col">{t("mydatapage.step")}</th><th scope="col">{t("mydatapage.details")}</th></tr></thead>
                <tbody>
                  {c.events.map((e, i) => (
                    <tr key={i}>
                      <td data-label={t("mydatapage.when")}>{at(e.at)}</td>
                      <td data-label={t("mydatapage.step")}>{complainantEventText(t, { type: e.type, payload: e.details })}</td>
                      <td data-label={t("mydatapage.details")}>{Object.entries(e.details).map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`).join("; ") || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table></div>
              <h4>{t("mydatapage.deadlines", { count: c.deadlines.length })}</h4>
              {c.deadlines.length > 0 && <p>{t("mydatapage.deadlinesAbout")}</p>}
              <Deadlines deadlines={c.deadlines} t={t} />
              <h4>{t("mydatapage.mails", { count: c.mails.length })}</h4>
              <Mails mails={c.mails} t={t} at={at} />
            </section>
          ))}
          {data.heldFilings.length > 0 && (
            <section aria-labelledby="held-filings">
              <h2 id="held-filings">{t("mydatapage.heldFilings", { count: data.heldFilings.length })}</h2>
              <p>{t("mydatapage.heldFilingsAbout")}</p>
              {data.heldFilings.map((h) => (
                <section key={h.reference} aria-labelledby={`held-${h.reference}`}>
                  <h3 id={`held-${h.reference}`}>{h.reference}: {h.category}</h3>
                  <dl>
                    <dt>{t("mydatapage.received")}</dt><dd>{at(h.receivedAt)}</dd>
                    <dt>{t("mydatapage.heldStatus")}</dt><dd>{t("mydatapage.heldState", { state: h.state, until: at(h.confirmBy) })}</dd>
                    <dt>{t("mydatapage.name")}</dt><dd>{h.name}</dd>
                    <dt>{t("mydatapage.email")}</dt><dd>{h.email}</dd>
                    <dt>{t("mydatapage.country")}</dt><dd>{h.country}</dd>
                    <dt>{t("mydatapage.organization")}</dt><dd>{h.organization ?? "—"}</dd>
                    <dt>{t("mydatapage.description")}</dt><dd>{h.description}</dd>
                    <dt>{t("mydatapage.desiredOutcome")}</dt><dd>{h.desiredOutcome}</dd>
                    <dt>{t("mydatapage.earlierContact")}</dt><dd>{h.earlierContact ?? "—"}</dd>
                  </dl>
                  {h.files.length > 0 && (
                    <>
                      <h4>{t("mydatapage.filesWithComplaint")}</h4>
                      <ul>{h.files.map((f, i) => <li key={i}>{t("mydatapage.heldFile", { name: f.name, size: f.size })}</li>)}</ul>
                    </>
                  )}
                </section>
              ))}
            </section>
          )}
          {data.mailsAboutNoCase.length > 0 && (
            <section aria-labelledby="mails-about-no-case">
              <h2 id="mails-about-no-case">{t("mydatapage.mailsAboutNoCase", { count: data.mailsAboutNoCase.length })}</h2>
              <p>{t("mydatapage.mailsAboutNoCaseAbout")}</p>
              <Mails mails={data.mailsAboutNoCase} t={t} at={at} />
            </section>
          )}
          {data.mailsFromYou.length > 0 && (
            <section aria-labelledby="mails-from-you">
              <h2 id="mails-from-you">{t("mydatapage.mailsFromYou", { count: data.mailsFromYou.length })}</h2>
              <p>{t("mydatapage.mailsFromYouAbout")}</p>
              {data.mailsFromYou.map((m, i) => (
                <div className="message" key={i}>
                  <p><strong>{m.subject || t("mydatapage.noSubject")}</strong>, {at(m.receivedAt)}</p>
                  <p>{m.text}</p>
                  {m.files.length > 0 && <p>{t("mydatapage.mailFiles", { names: t.intl.formatList(m.files, { type: "conjunction" }) })}</p>}
                </div>
              ))}
            </section>
          )}
        </main>
      </body>
    </html>
  );
}
