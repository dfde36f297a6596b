import { useNavigation } from "@remix-run/react";
import type { ButtonHTMLAttributes } from "react";

/**
 * A submit button that says what is happening while its form is on the way: disabled, with its
 * pending label. Without JavaScript it is a plain submit button (the browser shows its own progress).
 * `intent`: the form's intent field, when several forms on one page post to the same address.
 */
export function SubmitButton({ pending = "Saving…", intent, children, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { pending?: string; intent?: string }) {
  const nav = useNavigation();
  const busy = nav.state === "submitting" && (intent === undefined || nav.formData?.get("intent") === intent);
  return (
    <button type="submit" {...rest} disabled={busy || rest.disabled} aria-disabled={busy || undefined}>
      {busy ? pending : children}
    </button>
  );
}
