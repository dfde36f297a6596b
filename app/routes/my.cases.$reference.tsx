import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CATEGORY_LABELS, STAGE_LABELS, STAGE_PARTIES, STATUS_LABELS, isTerminal, type Category } from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { Field } from "~/components/Field";
import { ActionForm, PageLevelError, fieldError } from "~/components/case/ActionForm";
import { FlashNotice } from "~/components/FlashNotice";
import { Deadlines } from "~/components/case/Deadlines";
import { Ladder } from "~/components/case/Ladder";
import { AttachmentList, Timeline } from "~/components/case/Timeline";
import { handleCaseAction } from "~/lib/case-action.server";
import { referenceParam } from "~/lib/forms";
import { useDates } from "~/lib/dates";
import { complainantCasePage, loadCaseView, type ComplainantCasePage } from "~/models/case-view.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Complaint ${data.case.reference}` : "Complaint" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["complainant"]);
  const before = new URL(request.url).searchParams.get("before");
  const view = await loadCaseView(actor, referenceParam(params.reference), new Date(), before);
  if (!view) throw new Response("There is no such case, or it is not yours to see.", { status: 404 });
  return complainantCasePage(view);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["complainant"]);
  const reference = referenceParam(params.reference);
  return handleCaseAction(request, actor, reference, `/my/cases/${reference}`);
}

function WhatNext({ view }: { view: ComplainantCasePage }) {
  const { state } = view;
  if (isTerminal(state.status)) return <p>Your case is {STATUS_LABELS[state.status].toLowerCase()}. {state.closure?.reason ? `Reason: ${state.closure.reason}` : ""}</p>;
  switch (state.status) {
    case "awaiting_acknowledgement":
      return <p>We are waiting for {STAGE_PARTIES[state.stage]} to acknowledge your complaint.</p>;
    case "in_progress":
      return <p>Your complaint is being looked into by {STAGE_PARTIES[state.stage]}.</p>;
    case "awaiting_complainant":
      return <p><strong>We need more information from you.</strong> Please reply below. The time limit is paused until you do.</p>;
    case "answered":
      return <p><strong>You have an answer.</strong> Please read it below, then tell us whether you accept it. If you do not, you can take your complaint to the next step.</p>;
  }
}

export default function ComplainantCase() {
  const { formatDate } = useDates();
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { state } = view;
  const c = view.case;
  const can = (t: string) => view.available.includes(t as never);
  const terminal = isTerminal(state.status);
  const esc = view.escalation;

  return (
    <main id="main">
      <p className="muted">Complaint {c.reference} · made on {formatDate(c.openedAt)}</p>
      <h1>{CATEGORY_LABELS[c.category as Category] ?? c.category}</h1>
      {result ? null : <FlashNotice />}
      <PageLevelError result={result} available={view.available} />

      <h2>Where your complaint stands</h2>
      <Ladder stage={state.stage} visited={state.stagesVisited} terminal={terminal} />
      <p><strong>Status:</strong> {STATUS_LABELS[state.status]}</p>
      <WhatNext view={view} />
      {view.waitNote && <p className="wait-notice">{view.waitNote}</p>}
      {state.identityPending && !terminal && (
        <p className="notice" role="note">
          Before we show, correct or remove your personal data, we need to confirm that the request comes from you. If we have asked you
          for something, you will find our message below; you can reply there.
        </p>
      )}

      {!terminal && (
        <>
          <h2>Deadlines</h2>
          <Deadlines deadlines={view.deadlines} stage={state.stage} />
        </>
      )}

      {can("accept_answer") && (
        <section className="card" aria-labelledby="answer-h">
          <h2 id="answer-h">Are you satisfied with the answer?</h2>
          <div className="actions">
            <ActionForm intent="accept_answer" version={c.version} result={result} submit="Accept the answer" />
          </div>
          <details className="action">
            <summary>I do not accept the answer</summary>
            <ActionForm intent="reject_answer" version={c.version} result={result} submit="Reject the answer" secondary>
              <Field name="body" label="Why not? (optional)" error={fieldError(result, "reject_answer", "body")}>
                {(a) => <textarea {...a} rows={3} />}
              </Field>
            </ActionForm>
          </details>
        </section>
      )}

      {!terminal && esc && (
        <section className="card" aria-labelledby="escalate-h">
          <h2 id="escalate-h">Take your complaint to the next step</h2>
          {esc.allowed ? (
            <>
              <p>You can now take your complaint to: <strong>{STAGE_LABELS[esc.to]}</strong>.</p>
              {view.escalationNow && <p>{view.escalationNow}</p>}
              <ActionForm intent="escalate" version={c.version} result={result} submit={`Escalate to the next step (${STAGE_LABELS[esc.to]})`} />
            </>
          ) : (
            <p>Not yet. {esc.reason}</p>
          )}
        </section>
      )}

      <h2>Correspondence</h2>
      <Timeline entries={view.timeline} showAudience={false} earlier={view.earlierTimeline} paged={params.has("before")} />

      {can("post_message") && (
        <section className="card" aria-labelledby="reply-h">
          <h2 id="reply-h">Write to us</h2>
          <ActionForm intent="post_message" version={c.version} result={result} submit="Send" withFiles>
            <Field name="body" label="Your message" error={fieldError(result, "post_message", "body")}>
              {(a) => <textarea {...a} rows={5} />}
            </Field>
          </ActionForm>
        </section>
      )}

      <h2>Your complaint</h2>
      <dl className="facts">
        <dt>What happened</dt><dd>{c.description}</dd>
        <dt>Outcome you want</dt><dd>{c.desiredOutcome}</dd>
        {c.earlierContact && (<><dt>Earlier contact</dt><dd>{c.earlierContact}</dd></>)}
        {c.files.length > 0 && (<><dt>Files you sent</dt><dd><AttachmentList files={c.files} /></dd></>)}
      </dl>

      {can("withdraw") && (
        <details className="action">
          <summary>Withdraw my complaint</summary>
          <p>If you withdraw, we stop working on your complaint. You cannot undo this yourself.</p>
          <ActionForm intent="withdraw" version={c.version} result={result} submit="Withdraw my complaint" danger>
            <Field name="body" label="Reason (optional)" error={fieldError(result, "withdraw", "body")}>
              {(a) => <textarea {...a} rows={2} />}
            </Field>
          </ActionForm>
        </details>
      )}
    </main>
  );
}
