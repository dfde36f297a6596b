/**
 * What server/remix-handler.ts puts in every request's load context: the CSP nonce of this
 * response (scripts without it do not run) and the address the connection came from.
 */
export interface RequestContext {
  cspNonce?: string;
  clientAddress?: string | null;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}

export function requestContextOf(context: unknown): RequestContext {
  return typeof context === "object" && context !== null ? (context as RequestContext) : {};
}
