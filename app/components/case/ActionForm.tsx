import { Form } from "@remix-run/react";
import { SubmitButton } from "~/components/SubmitButton";
import type { ReactNode } from "react";
import { FieldScope, FormError } from "~/components/Field";
import { FileField } from "./FileField";
import type { CaseActionResult } from "~/lib/case-action.server";

/** One action on a case: posts its intent with the version the person saw. */
export function ActionForm(props: {
  intent: string;
  version: number;
  result: CaseActionResult | undefined;
  submit: string;
  /** The button's label while the form is being sent. */
  pending?: string;
  children?: ReactNode;
  danger?: boolean;
  secondary?: boolean;
  /** Offer a file input: the form is then sent as multipart/form-data (with and without JavaScript). */
  withFiles?: boolean;
}) {
  const mine = props.result?.intent === props.intent ? props.result : undefined;
  return (
    <Form method="post" noValidate encType={props.withFiles ? "multipart/form-data" : undefined}>
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name="version" value={props.version} />
      {/* A conflict is shown once, at the top of the page. */}
      <FormError message={mine?.conflict ? null : (mine?.errors._form ?? (props.withFiles ? null : mine?.errors.files))} />
      <FieldScope.Provider value={{ prefix: `f-${props.intent}`, values: mine?.values }}>
        {props.children}
        {props.withFiles && <FileField error={mine?.errors.files} />}
      </FieldScope.Provider>
      <SubmitButton intent={props.intent} pending={props.pending ?? "Saving…"} className={props.danger ? "danger" : props.secondary ? "secondary" : undefined}>
        {props.submit}
      </SubmitButton>
    </Form>
  );
}

export function fieldError(result: CaseActionResult | undefined, intent: string, field: string): string | undefined {
  return result?.intent === intent ? result.errors[field] : undefined;
}

const DONE: Record<string, string> = {
  acknowledge: "The complaint is acknowledged.",
  request_information: "Your question was sent; the clock is paused until the complainant replies.",
  post_message: "Your message was saved.",
  answer: "Your answer was sent.",
  accept_answer: "Thank you. You accepted the answer and your case is resolved.",
  reject_answer: "You rejected the answer. You can now take your complaint to the next step.",
  escalate: "Your complaint has moved to the next step.",
  record_dma_referral: "The dispute body's referral is recorded.",
  record_dma_outcome: "The dispute body's outcome is recorded.",
  record_dpa_referral: "The data protection authority's referral is recorded.",
  record_arbitration_notice: "The arbitration notice is recorded.",
  record_prerequisites: "The arbitration prerequisites are confirmed.",
  record_award: "The award is recorded.",
  confirm_award_compliance: "Compliance with the award is recorded; the case is resolved.",
  withdraw: "The complaint is withdrawn.",
  close: "The case is closed.",
  reopen: "The case is reopened.",
  assign: "The assignment is saved.",
  set_owner: "The owner is saved.",
  extend_deadline: "The deadline is extended.",
  log_contact: "The letter or call is logged on the timeline.",
};

export function DoneNotice({ intent }: { intent: string | null }) {
  if (!intent || !DONE[intent]) return null;
  return <p className="notice" role="status">{DONE[intent]}</p>;
}

/** Errors that no visible form can show: a conflict, or an action that is no longer offered. */
export function PageLevelError({ result, available }: { result: CaseActionResult | undefined; available: readonly string[] }) {
  const message = result?.errors._form;
  if (!message || !(result.conflict || !result.intent || !available.includes(result.intent))) return null;
  return <FormError message={message} />;
}
