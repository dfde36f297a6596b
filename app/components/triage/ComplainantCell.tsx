/**
 * The complainant as the queue shows them. One small component on purpose: masking (issue 9,
 * item 6) changes how a name and address appear in staff lists, here and nowhere else.
 */
export function ComplainantCell({ name, email }: { name: string; email: string }) {
  return (
    <td>
      {name}
      <br />
      <span className="muted">{email}</span>
    </td>
  );
}
