import { createContext, useContext, type ReactNode } from "react";

/**
 * Several forms on one page use the same field names: each form gives its ids a prefix, and
 * can hand back what was typed when the server refused it (pages also work without JavaScript).
 */
export const FieldScope = createContext<{ prefix: string; values?: Record<string, string> }>({ prefix: "f" });

interface Props {
  name: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  children: (attrs: { id: string; name: string; "aria-invalid": boolean; "aria-describedby"?: string; defaultValue?: string }) => ReactNode;
}

/** A labelled field whose hint and error are tied to the control for screen readers. */
export function Field({ name, label, error, hint, children }: Props) {
  const scope = useContext(FieldScope);
  const id = `${scope.prefix}-${name}`;
  const typed = scope.values?.[name];
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      {children({ id, name, "aria-invalid": Boolean(error), "aria-describedby": described, ...(typed !== undefined ? { defaultValue: typed } : {}) })}
      {error && <p className="error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return <p className="form-error" role="alert">{message}</p>;
}
