import { createContext, useContext } from "react";

/**
 * This response's CSP nonce (server/middleware.ts → load context → app/entry.server.tsx). Only the
 * server render needs it: in the browser the scripts are already running, and browsers hide a
 * nonce from the DOM anyway, so the client value is undefined.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
