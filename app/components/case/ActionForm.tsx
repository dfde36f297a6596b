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

/** Errors that no visible form can show: a conflict, or an action that is no longer offered. */
export function PageLevelError({ result, available }: { result: CaseActionResult | undefined; available: readonly string[] }) {
  const message = result?.errors._form;
  if (!message || !(result.conflict || !result.intent || !available.includes(result.intent))) return null;
  return <FormError message={message} />;
}
