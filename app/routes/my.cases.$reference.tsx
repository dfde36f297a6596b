import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAGES, isTerminal, stepNumber } from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { Field } from "~/components/Field";
import { ActionForm, PageLevelError, fieldError } from "~/components/case/ActionForm";
import { AnswerCard } from "~/components/case/AnswerCard";
import { AttachmentList, ComplainantTimeline } from "~/components/case/ComplainantTimeline";
import { FlashNotice } from "~/components/FlashNotice";
import { Deadlines } from "~/components/case/Deadlines";
import { Ladder } from "~/components/case/Ladder";
import { handleCaseAction } from "~/lib/case-action.server";
import { readActionForm } from "~/lib/uploads.server";
import { referenceParam } from "~/lib/forms";
import { complaintSubject, localeFromRequest, translatorFor, useT, type MessageKey } from "~/i18n";
import { escalationNowText, escalationWhyText } from "~/i18n/escalation";
import { complainantCasePage, loadCaseView, type ComplainantCasePage } from "~/models/case-view.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.title : "Complaint" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["complainant"]);
  const before = new URL(request.url).searchParams.get("before");
  const view = await loadCaseView(actor, referenceParam(params.reference), new Date(), before);
  const locale = localeFromRequest(request);
  const t = translatorFor(locale);
  if (!view) throw new Response(t("case.notFound"), { status: 404 });
  return { ...complainantCasePage(view, locale), title: t("case.meta.title", { reference: view.case.reference }) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["complainant"]);
  const reference = referenceParam(params.reference);
  return handleCaseAction(await readActionForm(request), actor, reference, `/my/cases/${reference}`, translatorFor(localeFromRequest(request)));
}

/** "Step 2 of 4: Our Security Officer", who holds the case by name, and what happens next, by when. */
function WhereItStands({ view }: { view: ComplainantCasePage }) {
  const t = useT();
  const { state, nextStep } = view;
  const terminal = isTerminal(state.status);
  const { step, next, due } = nextStep.values;
  const values = {
    who: t(`steps.${step}.who`),
    nextName: next ? t(`steps.${next}.name`) : "",
    due: due === undefined ? undefined : new Date(due),
  };
  return (
    <div className="where-it-stands">
      <p className="step-now">
        <strong>{t("steps.numbered", { number: stepNumber(state.stage), total: STAGES.length, name: t(`steps.${state.stage}.name`) })}</strong>
        {" · "}
        {t("case.status.line", { status: t(`case.status.${state.status}`) })}
      </p>
      {terminal ? (
        <p>{t("case.where.endedAt")}</p>
      ) : (
        <p className="holder">{view.holderName ? t("case.where.with", { name: view.holderName }) : t("case.where.withPanel")}</p>
      )}
      <p className="next-step" data-testid="next-step">
        {t(nextStep.key as MessageKey, values)}
        {terminal && state.closure?.reason ? ` ${t("case.closure.reason", { reason: state.closure.reason })}` : ""}
      </p>
    </div>
  );
}

export default function ComplainantCase() {
  const t = useT();
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { state } = view;
  const c = view.case;
  const can = (x: string) => view.available.includes(x as never);
  const terminal = isTerminal(state.status);
  const esc = view.escalation;

  const decide = can("accept_answer") && (
    <div className="decide" aria-labelledby="decide-h">
      <h3 id="decide-h">{t("case.decide.heading")}</h3>
      <div className="actions">
        <ActionForm intent="accept_answer" version={c.version} result={result} submit={t("case.decide.accept")} />
      </div>
      <details className="action">
        <summary>{t("case.decide.rejectSummary")}</summary>
        <ActionForm intent="reject_answer" version={c.version} result={result} submit={t("case.decide.reject")} secondary>
          <Field name="body" label={t("case.decide.why")} error={fieldError(result, "reject_answer", "body")}>
            {(a) => <textarea {...a} rows={3} />}
          </Field>
        </ActionForm>
      </details>
    </div>
  );

  return (
    <main id="main">
      <p className="muted">{t("case.header.made", { reference: c.reference, openedAt: new Date(c.openedAt) })}</p>
      <h1>{complaintSubject(t, c.category)}</h1>
      {result ? null : <FlashNotice />}
      <PageLevelError result={result} available={view.available} />

      <h2>{t("case.where.heading")}</h2>
      <Ladder stage={state.stage} visited={state.stagesVisited} terminal={terminal} />
      <WhereItStands view={view} />
      {view.wait && (
        <p className="wait-notice">{t(view.wait.kind === "information" ? "case.wait.information" : "case.wait.answer", { since: new Date(view.wait.since), closeAt: new Date(view.wait.closureProposalAt) })}</p>
      )}
      {state.identityPending && !terminal && (
        <p className="notice" role="note">{t("case.identity.pending")}</p>
      )}

      {view.answer ? (
        <AnswerCard answer={view.answer} award={view.award}>{decide}</AnswerCard>
      ) : (
        decide && <section className="card">{decide}</section>
      )}

      {!terminal && esc && (
        <section className="card" aria-labelledby="escalate-h">
          <h2 id="escalate-h">{t("case.escalate.heading")}</h2>
          {esc.allowed ? (
            <>
              <p>{t.rich("case.escalate.can", { name: t(`steps.${esc.to}.name`), strong: (chunks) => <strong>{chunks}</strong> })}</p>
              {view.escalationContacts && <p>{escalationNowText(t, state.stage, view.escalationContacts)}</p>}
              <ActionForm intent="escalate" version={c.version} result={result} submit={t("case.escalate.submit", { name: t(`steps.${esc.to}.name`) })} />
            </>
          ) : (
            <p>{t("case.escalate.notYet", { reason: escalationWhyText(t, esc.why) })}</p>
          )}
        </section>
      )}

      {can("post_message") && (
        <section className="card" aria-labelledby="reply-h">
          <h2 id="reply-h">{t("case.reply.heading")}</h2>
          <ActionForm intent="post_message" version={c.version} result={result} submit={t("case.reply.send")} withFiles>
            <Field name="body" label={t("case.reply.body")} error={fieldError(result, "post_message", "body")}>
              {(a) => <textarea {...a} rows={5} />}
            </Field>
          </ActionForm>
        </section>
      )}

      <h2>{t("case.timeline.heading")}</h2>
      <p className="muted">{t("case.timeline.order")}</p>
      <ComplainantTimeline entries={view.timeline} earlier={view.earlierTimeline} paged={params.has("before")} />

      {!terminal && (
        <>
          <h2>{t("case.deadlines.heading")}</h2>
          <Deadlines deadlines={view.deadlines} stage={state.stage} status={state.status} rules={view.rules} />
        </>
      )}

      <h2>{t("case.facts.heading")}</h2>
      <dl className="facts">
        <dt>{t("case.facts.what")}</dt><dd>{c.description}</dd>
        <dt>{t("case.facts.outcome")}</dt><dd>{c.desiredOutcome}</dd>
        {c.earlierContact && (<><dt>{t("case.facts.earlier")}</dt><dd>{c.earlierContact}</dd></>)}
        {c.files.length > 0 && (<><dt>{t("case.facts.files")}</dt><dd><AttachmentList files={c.files} /></dd></>)}
      </dl>

      {can("withdraw") && (
        <details className="action">
          <summary>{t("case.withdraw.summary")}</summary>
          <p>{t("case.withdraw.warning")}</p>
          <ActionForm intent="withdraw" version={c.version} result={result} submit={t("case.withdraw.summary")} danger>
            <Field name="body" label={t("case.withdraw.reason")} error={fieldError(result, "withdraw", "body")}>
              {(a) => <textarea {...a} rows={2} />}
            </Field>
          </ActionForm>
        </details>
      )}
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
