import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { NonceContext } from "~/lib/nonce";
import { prefillHandoff, replayHandoff } from "~/lib/handoff.server";

const ABORT_DELAY = 5_000;

/**
 * Remix's Node entry, plus the CSP nonce: every inline script (Remix's context and route modules,
 * React's streaming chunks) carries this response's nonce, so the policy needs no 'unsafe-inline'
 * for scripts.
 *
 * No route defers data, so a page is rendered in one synchronous pass (ADR 042): the loader data
 * Remix streams to the browser is read first, and the render then needs nothing it must wait
 * for. That skips React's streaming machinery (chunks encoded one by one, Node and web streams
 * in between), about a tenth of a page's CPU. If the data cannot be read ahead (a deferred
 * promise, a Remix that changed its internals), the page streams as Remix's default entry does.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce;
  const handoff = await prefillHandoff(remixContext);
  if (handoff) {
    const html = renderToString(page(remixContext, request.url, nonce));
    // The render wrote the prefilled data to its end (a page's own text cannot hold a raw </script>);
    // otherwise it wrote a placeholder for it.
    if (html.includes("streamController.close();</script>")) {
      responseHeaders.set("Content-Type", "text/html");
      return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode });
    }
    console.error("[recourse] a page's loader data did not render in one pass; streaming it instead");
    return streamed(request, responseStatusCode, responseHeaders, { ...remixContext, renderMeta: {}, serverHandoffStream: replayHandoff(handoff) }, nonce);
  }
  return streamed(request, responseStatusCode, responseHeaders, remixContext, nonce);
}

function page(remixContext: EntryContext, url: string, nonce: string | undefined) {
  return (
    <NonceContext.Provider value={nonce}>
      <RemixServer context={remixContext} url={url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceContext.Provider>
  );
}

function streamed(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, nonce: string | undefined) {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      const stream = createReadableStreamFromReadable(body);
      responseHeaders.set("Content-Type", "text/html");
      resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      page(remixContext, request.url, nonce),
      {
        nonce,
        ...(waitForAll ? { onAllReady: ready } : { onShellReady: ready }),
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * What Remix reports while answering. Answers that refuse (404 for an unknown address, 405 for a
 * page without that action, a loader's own 4xx) are not faults: logging each with a stack trace let
 * any visitor fill the log at will. Faults (5xx, thrown errors) are logged as Remix would.
 */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  // Remix's own warning for a `?_data` request, which only a hand-made request sends to this app.
  if (error instanceof Error && error.message.startsWith("Warning: Single fetch-enabled apps should not be making ?_data requests")) return;
  const inner = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : undefined;
  console.error(inner ?? error);
}
