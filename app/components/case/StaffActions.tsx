import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { ARBITRATION_EXCLUSIONS, CLOSURE_KINDS, EXTERNAL_REFERENCE_MAX, REMEDIES, VERIFICATION_METHOD_LABELS, VERIFICATION_OUTCOME_LABELS, formatIsoDay, splitActions, type CommandType, type ErasurePlan } from "~/domain";
import { Field } from "~/components/Field";
import type { CaseActionResult } from "~/lib/case-action.server";
import type { AssignmentChoices, CaseView } from "~/models/case-view.server";
import { ActionForm, fieldError } from "./ActionForm";
import { useDates } from "~/lib/dates";

interface Props {
  role: "officer" | "liaison" | "complainant";
  view: CaseView;
  result: CaseActionResult | undefined;
  /** Every active client and liaison, loaded only when the officer asks for the assignment form (`?assign`). */
  choices: AssignmentChoices | null;
  /** On a request to erase the account: what carrying it out would do now (officer only, ADR 051). */
  erasure?: ErasurePlan | null;
}

const words = (s: string) => s.replace(/_/g, " ");

/**
 * The forms for every action the domain allows this person now, nothing else: the case's next
 * steps first, the rest (notes aside, assignment, extensions, closing) behind "Other actions".
 */
export function StaffActions({ role, view, result, choices, erasure = null }: Props) {
  const { zoneName } = useDates();
  const v = view.case.version;
  const err = (intent: string, field: string) => fieldError(result, intent, field);
  const officer = role === "officer";
  // A missed deadline stays missed (ADR 058): only clocks still running or paused in time are offered.
  const pendingKinds = view.deadlines.filter((d) => d.stage === view.state.stage && d.extendable).map((d) => d.kind);

  const blocks: Partial<Record<CommandType, ReactNode>> = {
    acknowledge: <ActionForm intent="acknowledge" version={v} result={result} submit="Acknowledge the complaint" pending="Acknowledging…" />,
    confirm_award_compliance: (
      <ActionForm
        intent="confirm_award_compliance"
        version={v}
        result={result}
        submit={view.state.stage === "dma" ? "Confirm the decision was complied with" : "Confirm the award was complied with"}
        pending="Confirming…"
      />
    ),
    answer: (
      <details className="action" open={result?.intent === "answer"}>
        <summary>Give an answer</summary>
        <ActionForm intent="answer" version={v} result={result} submit="Send the answer" pending="Sending the answer…" withFiles>
          <Field name="body" label="Answer to the complainant" error={err("answer", "body")}>
            {(a) => <textarea {...a} rows={6} />}
          </Field>
          {view.state.identity?.needed && (
            <div className="checks">
              <label><input type="checkbox" name="declines" /> This answer declines the request (nothing is shown, corrected or removed)</label>
              {view.state.identity.latest?.outcome !== "verified" && (
                <p className="hint">An answer that carries the request out needs the requester's identity verified first.</p>
              )}
            </div>
          )}
        </ActionForm>
      </details>
    ),
    record_identity_verification: <IdentityVerificationForm view={view} result={result} />,
    carry_out_erasure: erasure && <ErasureForm plan={erasure} version={v} result={result} />,
    escalate: (
      <details className="action" open={result?.intent === "escalate"}>
        <summary>Move the case up at the complainant's request</summary>
        <ActionForm intent="escalate" version={v} result={result} submit="Move the case up" pending="Moving the case up…">
          <p className="hint">When the complainant asked by letter, telephone or e-mail. The next step's clocks run from the day they asked.</p>
          <OutsideStepFields intent="escalate" result={result} day="Day the complainant asked" reference="Reference of their letter or e-mail (optional)" confirm="I confirm the complainant asked on this day to take the complaint to the next step." />
        </ActionForm>
      </details>
    ),
    record_dma_referral: (
      <details className="action" open={result?.intent === "record_dma_referral"}>
        <summary>Record the dispute body's referral</summary>
        <ActionForm intent="record_dma_referral" version={v} result={result} submit="Record the referral" pending="Recording the referral…">
          <p className="hint">The dispute body's review period counts from the day it took the case.</p>
          <OutsideStepFields intent="record_dma_referral" result={result} day="Day the dispute body took the case" reference="The dispute body's case number (optional)" confirm="I confirm the dispute body took up this case on this day." />
        </ActionForm>
      </details>
    ),
    record_arbitration_notice: (
      <details className="action" open={result?.intent === "record_arbitration_notice"}>
        <summary>Record the arbitration notice</summary>
        <ActionForm intent="record_arbitration_notice" version={v} result={result} submit="Record the notice" pending="Recording the notice…">
          <p className="hint">The arbitration's clocks count from the day of the notice.</p>
          <OutsideStepFields intent="record_arbitration_notice" result={result} day="Day of the notice" reference="The arbitration's case number (optional)" confirm="I confirm we received notice of binding arbitration on this day." />
        </ActionForm>
      </details>
    ),
    record_dpa_referral: (
      <details className="action" open={result?.intent === "record_dpa_referral"}>
        <summary>Record a data protection authority's referral to the Department of Commerce</summary>
        <ActionForm intent="record_dpa_referral" version={v} result={result} submit="Record the referral" pending="Recording the referral…">
          <p className="hint">
            {view.profile.arbitrationRequiresDpaReferral
              ? `Under the ${view.profile.name}, binding arbitration opens only when the Department of Commerce's period after this referral has passed.`
              : `The ${view.profile.name} does not require this step before arbitration; record it if it happened.`}
          </p>
          <OutsideStepFields intent="record_dpa_referral" result={result} day="Day the authority referred the complaint to the Department of Commerce" reference="Reference (the authority's or the Department's)" referenceRequired confirm="I confirm the authority referred this complaint on this day, under this reference." />
        </ActionForm>
      </details>
    ),
    correct_dpa_referral: (
      <details className="action" open={result?.intent === "correct_dpa_referral"}>
        <summary>Correct the recorded referral by a data protection authority</summary>
        <ActionForm intent="correct_dpa_referral" version={v} result={result} submit="Correct the referral" pending="Correcting…">
          {view.state.arbitration.dpaReferral && (
            <p className="hint">
              Recorded: {view.state.arbitration.dpaReferral.referredOn ? formatIsoDay(view.state.arbitration.dpaReferral.referredOn) : "no day"}
              {view.state.arbitration.dpaReferral.reference ? `, reference ${view.state.arbitration.dpaReferral.reference}` : ""}. The Department's period is counted again from the corrected day.
            </p>
          )}
          <OutsideStepFields intent="correct_dpa_referral" result={result} day="Correct day of the referral" reference="Correct reference" referenceRequired confirm="I confirm the referral happened on this day, under this reference, and the earlier record was wrong." />
          <Field name="reason" label="Why it is corrected" error={err("correct_dpa_referral", "reason")}>
            {(a) => <textarea {...a} rows={2} />}
          </Field>
        </ActionForm>
      </details>
    ),
    record_award: (
        <details className="action" open={result?.intent === "record_award"}>
          <summary>Record the arbitration award</summary>
          <ActionForm intent="record_award" version={v} result={result} submit="Record the award" pending="Recording the award…">
            <OutsideStepFields intent="record_award" result={result} day="Day of the award" reference="The panel's case or award number (optional)" confirm="I confirm the panel made this award on this day, and that it orders only what is ticked here." />
            <fieldset className="checks">
              <legend>Remedies ordered (non-monetary only)</legend>
              {REMEDIES.map((r) => (
                <label key={r}><input type="checkbox" name="remedies" value={r} /> {words(r)}</label>
              ))}
              {err("record_award", "remedies") && <p className="error">{err("record_award", "remedies")}</p>}
            </fieldset>
            <Field name="body" label="Summary of the award" error={err("record_award", "body")}>
              {(a) => <textarea {...a} rows={3} />}
            </Field>
            <Field name="monetaryAmount" label="Money awarded, if the award names any" hint="Binding arbitration cannot award money; an amount here is refused." error={err("record_award", "monetaryAmount")}>
              {(a) => <input {...a} type="text" inputMode="decimal" />}
            </Field>
          </ActionForm>
        </details>
    ),
    request_information: (
      <details className="action" open={result?.intent === "request_information"}>
        <summary>Ask the complainant for information</summary>
        <ActionForm intent="request_information" version={v} result={result} submit="Send the question" withFiles>
          <Field name="body" label="Your question" hint="The response clock pauses until they reply." error={err("request_information", "body")}>
            {(a) => <textarea {...a} rows={4} />}
          </Field>
        </ActionForm>
      </details>
    ),
    post_message: (
      <details className="action" open={result?.intent === "post_message"}>
        <summary>{officer ? "Write a message, note, or log a letter or call" : "Write a message or a staff-only note"}</summary>
        <ActionForm intent="post_message" version={v} result={result} submit="Save" withFiles>
          <Field name="audience" label="Who can read it" error={err("post_message", "audience")}>
            {(a) => (
              <select defaultValue={officer ? "internal" : "staff"} {...a}>
                <option value="parties">Everyone on the case, including the complainant</option>
                <option value="staff">Staff only: the client's liaisons and the Security Officer</option>
                {officer && <option value="internal">Internal: the Security Officer only</option>}
              </select>
            )}
          </Field>
          {officer && (
            <Field name="channel" label="How it came" error={err("post_message", "channel")}>
              {(a) => (
                <select defaultValue="web" {...a}>
                  <option value="web">Written here</option>
                  <option value="email">E-mail received</option>
                  <option value="postal">Letter received</option>
                  <option value="phone">Telephone call</option>
                </select>
              )}
            </Field>
          )}
          <Field name="body" label="Message" error={err("post_message", "body")}>
            {(a) => <textarea {...a} rows={4} />}
          </Field>
        </ActionForm>
      </details>
    ),
    log_contact: (
      <details className="action" open={result?.intent === "log_contact"}>
        <summary>Log a letter or a telephone call</summary>
        <ActionForm intent="log_contact" version={v} result={result} submit="Log it" withFiles>
          <fieldset className="checks">
            <legend>What it was</legend>
            <label><input type="radio" name="channel" value="postal" defaultChecked /> A letter</label>
            <label><input type="radio" name="channel" value="phone" /> A telephone call</label>
            {err("log_contact", "channel") && <p className="error">{err("log_contact", "channel")}</p>}
          </fieldset>
          <fieldset className="checks">
            <legend>Which way</legend>
            <label><input type="radio" name="direction" value="in" defaultChecked /> To us (received, or they called)</label>
            <label><input type="radio" name="direction" value="out" /> From us (sent, or we called)</label>
            {err("log_contact", "direction") && <p className="error">{err("log_contact", "direction")}</p>}
          </fieldset>
          <Field name="occurredAt" label={`When (${zoneName})`} hint="The date on the letter or when it arrived; the time of the call." error={err("log_contact", "occurredAt")}>
            {(a) => <input {...a} type="datetime-local" />}
          </Field>
          <Field name="audience" label="Who can read the summary" error={err("log_contact", "audience")}>
            {(a) => (
              <select defaultValue="internal" {...a}>
                <option value="parties">Everyone on the case, including the complainant</option>
                <option value="staff">Staff only: the client's liaisons and the Security Officer</option>
                <option value="internal">Internal: the Security Officer only</option>
              </select>
            )}
          </Field>
          <Field name="body" label="Summary" error={err("log_contact", "body")}>
            {(a) => <textarea {...a} rows={4} />}
          </Field>
        </ActionForm>
      </details>
    ),
    record_dma_outcome: (
      <details className="action" open={result?.intent === "record_dma_outcome"}>
        <summary>Record the dispute body's outcome</summary>
        <ActionForm intent="record_dma_outcome" version={v} result={result} submit="Record the outcome">
          <Field name="body" label="The dispute body's outcome" hint="The complainant sees this and may accept or reject it." error={err("record_dma_outcome", "body")}>
            {(a) => <textarea {...a} rows={4} />}
          </Field>
          <div className="checks">
            <label><input type="checkbox" name="requiresAction" /> The decision requires us to act (starts the compliance clock)</label>
          </div>
        </ActionForm>
      </details>
    ),
    record_prerequisites: (
      <details className="action" open={result?.intent === "record_prerequisites"}>
        <summary>Check the arbitration prerequisites</summary>
        <ActionForm intent="record_prerequisites" version={v} result={result} submit="Record the prerequisites check">
          <fieldset className="checks">
            <legend>Annex I prerequisites</legend>
            <label><input type="checkbox" name="companyContacted" /> The complainant contacted the company first</label>
            <label><input type="checkbox" name="dmaContacted" /> The complainant then went to the dispute body</label>
          </fieldset>
          <Field name="exclusion" label="Exclusion" hint="An exclusion is recorded on the case: it can then never go to binding arbitration; close it afterwards." error={err("record_prerequisites", "exclusion")}>
            {(a) => (
              <select defaultValue="none" {...a}>
                <option value="none">None applies</option>
                {ARBITRATION_EXCLUSIONS.map((x) => <option key={x} value={x}>{words(x)}</option>)}
              </select>
            )}
          </Field>
        </ActionForm>
      </details>
    ),
    assign: choices ? (
      <details className="action" id="assign" open>
        <summary>Assign client and liaison</summary>
        <ActionForm intent="assign" version={v} result={result} submit="Save the assignment">
          <Field name="clientId" label="Client" error={err("assign", "clientId")}>
            {(a) => (
              <select defaultValue={view.state.clientId ?? ""} {...a}>
                <option value="">None (the operator itself)</option>
                {choices.clients.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
            )}
          </Field>
          <Field name="liaisonId" label="Liaison" hint="Must work for the chosen client." error={err("assign", "liaisonId")}>
            {(a) => (
              <select defaultValue={view.state.liaisonId ?? ""} {...a}>
                <option value="">None</option>
                {choices.clients.map((c) => (
                  <optgroup key={c.id} label={c.name}>
                    {choices.liaisons.filter((l) => l.client_id === c.id).map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
                  </optgroup>
                ))}
              </select>
            )}
          </Field>
        </ActionForm>
      </details>
    ) : (
      // The lists of every client and liaison are long; the page loads them only for this form.
      <details className="action" id="assign">
        <summary>Assign client and liaison</summary>
        <p>
          <Link to="?assign#assign">Choose the client and liaison</Link>
        </p>
      </details>
    ),
    extend_deadline: pendingKinds.length > 0 && (
      <details className="action" open={result?.intent === "extend_deadline"}>
        <summary>Extend a deadline</summary>
        <ActionForm intent="extend_deadline" version={v} result={result} submit="Extend">
          <Field name="kind" label="Deadline" error={err("extend_deadline", "kind")}>
            {(a) => <select {...a}>{pendingKinds.map((k) => <option key={k} value={k}>{k}</option>)}</select>}
          </Field>
          <Field name="dueAt" label="New due date" error={err("extend_deadline", "dueAt")}>
            {(a) => <input {...a} type="date" />}
          </Field>
          <Field name="reason" label="Reason" error={err("extend_deadline", "reason")}>
            {(a) => <textarea {...a} rows={2} />}
          </Field>
        </ActionForm>
      </details>
    ),
    withdraw: (
      <details className="action" open={result?.intent === "withdraw"}>
        <summary>Record a withdrawal on the complainant's behalf</summary>
        <ActionForm intent="withdraw" version={v} result={result} submit="Record the withdrawal" danger>
          <Field name="body" label="How the complainant withdrew" error={err("withdraw", "body")}>
            {(a) => <textarea {...a} rows={2} />}
          </Field>
        </ActionForm>
      </details>
    ),
    close: (
      <details className="action" open={result?.intent === "close"}>
        <summary>Close the case</summary>
        <ActionForm intent="close" version={v} result={result} submit="Close the case" danger>
          <Field name="kind" label="Why" error={err("close", "kind")}>
            {(a) => <select {...a}>{CLOSURE_KINDS.map((k) => <option key={k} value={k}>{words(k)}</option>)}</select>}
          </Field>
          <Field name="reason" label="Reason (the complainant sees it)" error={err("close", "reason")}>
            {(a) => <textarea {...a} rows={2} />}
          </Field>
        </ActionForm>
      </details>
    ),
    reopen: (
      <details className="action" open={result?.intent === "reopen"}>
        <summary>Reopen the case</summary>
        <ActionForm intent="reopen" version={v} result={result} submit="Reopen">
          <Field name="reason" label="Reason" error={err("reopen", "reason")}>
            {(a) => <textarea {...a} rows={2} />}
          </Field>
        </ActionForm>
      </details>
    ),
  };
  const { now: first, other } = splitActions(view.state, view.available);
  const shown = (list: CommandType[]) => list.filter((t) => blocks[t]);
  const rest = shown(other);
  return (
    <div className="staff-actions">
      {shown(first).map((t) => <div key={t} className="action-slot">{blocks[t]}</div>)}
      {rest.length > 0 && (
        <details className="other-actions" open={rest.some((t) => result?.intent === t) || (choices !== null && rest.includes("assign"))}>
          <summary>Other actions ({rest.length})</summary>
          {rest.map((t) => <div key={t} className="action-slot">{blocks[t]}</div>)}
        </details>
      )}
      {view.available.length === 0 && <p className="muted">There is nothing for you to do on this case now.</p>}
    </div>
  );
}

/**
 * The day, the outside body's reference and the confirmation of a step that happened outside this
 * website (ADR 035). The domain refuses a day in the future or before the case opened.
 */
function OutsideStepFields(props: { intent: string; result: CaseActionResult | undefined; day: string; reference: string; referenceRequired?: boolean; confirm: string }) {
  const err = (field: string) => fieldError(props.result, props.intent, field);
  const { zoneName } = useDates();
  return (
    <>
      <Field name="occurredOn" label={props.day} hint={`The day in ${zoneName}; not in the future, not before the case was opened.`} error={err("occurredOn")}>
        {(a) => <input {...a} type="date" required />}
      </Field>
      <Field name="externalReference" label={props.reference} error={err("externalReference")}>
        {(a) => <input {...a} maxLength={EXTERNAL_REFERENCE_MAX} required={props.referenceRequired} />}
      </Field>
      <div className="checks confirm">
        <label>
          <input type="checkbox" name="confirmed" required aria-invalid={Boolean(err("confirmed"))} aria-describedby={err("confirmed") ? `f-${props.intent}-confirmed-error` : undefined} /> {props.confirm}
        </label>
        {err("confirmed") && <p className="error" id={`f-${props.intent}-confirmed-error`}>{err("confirmed")}</p>}
      </div>
    </>
  );
}

/** Identity verification before an access, correction or removal request is carried out (ADR 021). */
function IdentityVerificationForm({ view, result }: { view: CaseView; result: CaseActionResult | undefined }) {
  const err = (field: string) => fieldError(result, "record_identity_verification", field);
  const latest = view.state.identity?.latest;
  return (
    <details className="action" open={result?.intent === "record_identity_verification"}>
      <summary>Record the identity verification</summary>
      {latest && (
        <p className="muted">
          Last recorded: {VERIFICATION_OUTCOME_LABELS[latest.outcome]} ({VERIFICATION_METHOD_LABELS[latest.method]}).
        </p>
      )}
      <ActionForm intent="record_identity_verification" version={view.case.version} result={result} submit="Record the verification">
        <Field name="method" label="How the identity was checked" error={err("method")}>
          {(a) => (
            <select {...a} defaultValue="">
              <option value="" disabled>Choose…</option>
              {Object.entries(VERIFICATION_METHOD_LABELS).map(([value, label]) => (
                <option key={value} value={value}>{label}</option>
              ))}
            </select>
          )}
        </Field>
        <Field name="evidence" label="Evidence checked" hint="What you compared and where it is kept; not the document's contents." error={err("evidence")}>
          {(a) => <textarea {...a} rows={3} />}
        </Field>
        <fieldset className="checks">
          <legend>Outcome</legend>
          {Object.entries(VERIFICATION_OUTCOME_LABELS).map(([value, label]) => (
            <label key={value}><input type="radio" name="outcome" value={value} required /> {label}</label>
          ))}
          {err("outcome") && <p className="error">{err("outcome")}</p>}
        </fieldset>
        <Field name="request" label="What the complainant needs to send (optional if verified)" hint="Sent to the complainant as a message on the case, with an e-mail." error={err("request")}>
          {(a) => <textarea {...a} rows={3} />}
        </Field>
      </ActionForm>
    </details>
  );
}

const KEPT_WHY = { open: "still open: anonymised under the retention policy after it ends", legal_hold: "on legal hold: anonymised once the hold is lifted", broken_chain: "its event chain is broken" } as const;

/**
 * A request to erase the account (ADR 051): what carrying it out anonymises and what it keeps, and
 * why, before the officer confirms. The references only; the complainant stays masked.
 */
function ErasureForm({ plan, version, result }: { plan: ErasurePlan; version: number; result: CaseActionResult | undefined }) {
  const err = fieldError(result, "carry_out_erasure", "confirmed");
  return (
    <details className="action" open={result?.intent === "carry_out_erasure"}>
      <summary>Carry out the erasure</summary>
      <ActionForm intent="carry_out_erasure" version={version} result={result} submit="Carry out the erasure" pending="Carrying out the erasure…" danger>
        <p>The complainant's cases that have ended (this request included) are anonymised, as the retention sweep does it: names, addresses, text, files and mail bodies go; steps, dates and categories stay.</p>
        <h3>Anonymised ({plan.anonymise.length})</h3>
        {plan.anonymise.length ? <ul>{plan.anonymise.map((r) => <li key={r}><Link to={`/cases/${r}`}>{r}</Link></li>)}</ul> : <p className="muted">None.</p>}
        <h3>Kept ({plan.kept.length})</h3>
        {plan.kept.length ? (
          <ul>{plan.kept.map((k) => <li key={k.reference}><Link to={`/cases/${k.reference}`}>{k.reference}</Link>: {KEPT_WHY[k.why]}</li>)}</ul>
        ) : (
          <p className="muted">None.</p>
        )}
        <p>
          {plan.accountGoes
            ? "Nothing of theirs is kept, so their account is removed too."
            : "Their account stays while these cases are kept."}{" "}
          The request is resolved now and the complainant gets the closing mail, saying what is erased and what is kept; the anonymisation follows once that mail has gone.
        </p>
        <div className="checks confirm">
          <label>
            <input type="checkbox" name="confirmed" required aria-invalid={Boolean(err)} aria-describedby={err ? "f-carry_out_erasure-confirmed-error" : undefined} /> I confirm the requester's identity is verified and these cases are to be anonymised. This cannot be undone.
          </label>
          {err && <p className="error" id="f-carry_out_erasure-confirmed-error">{err}</p>}
        </div>
      </ActionForm>
    </details>
  );
}
