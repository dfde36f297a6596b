import { ANONYMISED_LABEL, type MaskedIdentity } from "~/domain";

/**
 * A complainant in a staff list: masked by the loader before it reaches the page (ADR 028), so
 * neither the HTML nor the loader data holds the full name or address. One place for every list.
 */
export function ComplainantCell({ complainant }: { complainant: MaskedIdentity }) {
  // Replaced by the retention sweep: no initials or address to make up from the placeholder.
  if (complainant.anonymised) return <span className="masked-identity">{ANONYMISED_LABEL}</span>;
  return (
    <span className="masked-identity">
      {complainant.name ?? <span className="muted">no name</span>}
      {complainant.email && <span className="muted masked-email">{breakBeforeAt(complainant.email)}</span>}
    </span>
  );
}

/** An address may break before its "@" (a narrow column then needs only the longer half's width). */
function breakBeforeAt(email: string) {
  const at = email.lastIndexOf("@");
  if (at <= 0) return email;
  return (
    <>
      {email.slice(0, at)}
      <wbr />
      {email.slice(at)}
    </>
  );
}
