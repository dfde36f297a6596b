import { useContext } from "react";
import { FieldScope } from "~/components/Field";
import { useT } from "~/i18n";

/** What the server accepts, for the hint (the server checks the content, not this list). */
const ACCEPT = ".pdf,.png,.jpg,.jpeg,.txt,.docx,.xlsx,.odt,.doc,.xls,application/pdf,image/png,image/jpeg,text/plain";

/**
 * Files that go with a message. The browser's `accept` only narrows the picker; the server
 * decides by the content. A refused file refuses the message too, so the error says so.
 */
export function FileField({ error, label }: { error?: string; label?: string }) {
  const t = useT();
  const scope = useContext(FieldScope);
  const id = `${scope.prefix}-files`;
  return (
    <div className="field">
      <label htmlFor={id}>{label ?? t("case.files.label")}</label>
      <p className="hint" id={`${id}-hint`}>
        {t("case.files.hint")}
      </p>
      <input
        id={id}
        name="files"
        type="file"
        multiple
        accept={ACCEPT}
        aria-invalid={Boolean(error)}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ")}
      />
      {error && <p className="error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}
