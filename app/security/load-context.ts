// What server/remix-handler.ts hands every loader and action besides the request.
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's IP address (see app/security/client-address.ts), or null when unknown. */
    clientAddress?: string | null;
  }
}

/** The client's address from a loader's or action's context; null in tests that call them bare. */
export function clientAddressOf(context: unknown): string | null {
  if (typeof context !== "object" || context === null) return null;
  const value = (context as { clientAddress?: unknown }).clientAddress;
  return typeof value === "string" ? value : null;
}
