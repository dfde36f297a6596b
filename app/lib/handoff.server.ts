import type { EntryContext } from "@remix-run/node";

type Cached = NonNullable<NonNullable<EntryContext["renderMeta"]>["streamCache"]>[number];

/**
 * Reads the page's loader data (Remix's turbo-stream "handoff" to the browser) to its end before
 * the render, and puts each piece where Remix's <StreamTransfer> looks for it
 * (`renderMeta.streamCache[i].result`), so the render never waits and can be synchronous
 * (ADR 042). Returns the raw pieces (to replay them if the render did not use them), or null when
 * there is no handoff to read. The stream's lock is released: RemixServer takes its reader.
 */
export async function prefillHandoff(context: EntryContext): Promise<Uint8Array[] | null> {
  const stream = context.serverHandoffStream;
  if (!stream || !context.renderMeta || stream.locked) return null;
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const decoder = new TextDecoder();
  const cache: Record<number, Cached> = {};
  chunks.forEach((chunk, i) => (cache[i] = settled({ done: false, value: decoder.decode(chunk, { stream: true }) })));
  cache[chunks.length] = settled({ done: true, value: decoder.decode() });
  context.renderMeta.streamCache = cache;
  return chunks;
}

/** A stream of the same pieces, for a render that streams after all. */
export function replayHandoff(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

function settled(result: { done: boolean; value: string }): Cached {
  return Object.assign(Promise.resolve(), { result });
}
