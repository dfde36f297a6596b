// Who may deactivate a member of staff (issue 8): never into an app with no active officer.

/**
 * Why deactivating `target` is refused, or null. `activeOfficerIds`: the officers active now
 * (locked by the caller); `actorId`: the officer acting, or null for the seed (no person).
 */
export function deactivationRefusal(activeOfficerIds: readonly string[], actorId: string | null, target: { id: string; role: string }): string | null {
  if (actorId !== null && !activeOfficerIds.includes(actorId)) return "Your own account is no longer active.";
  if (target.role === "officer" && !activeOfficerIds.some((id) => id !== target.id)) {
    return "This is the last active officer: invite or reactivate another officer first.";
  }
  return null;
}
