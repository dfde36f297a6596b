/**
 * A page's query with another client filter (or none): the name searched, a keyset cursor and
 * Remix's ?index go, since they belonged to the old filter. The officer queue and the reports
 * dashboard share it (ADR 039, ADR 040).
 */
export function withClientFilter(params: URLSearchParams, clientId: string | null): string {
  const next = new URLSearchParams(params);
  for (const key of ["client", "client_name", "after", "index"]) next.delete(key);
  if (clientId) next.set("client", clientId);
  return next.toString();
}
