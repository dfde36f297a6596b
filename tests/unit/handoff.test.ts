// The page's loader data is read ahead of the render (app/lib/handoff.server.ts, ADR 042): every
// piece must land where Remix's <StreamTransfer> reads it, in order and whole (multi-byte
// characters split across pieces included), and the stream must stay usable for RemixServer.
import type { EntryContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { prefillHandoff, replayHandoff } from "~/lib/handoff.server";

const bytes = (s: string) => new TextEncoder().encode(s);

function contextWith(stream: ReadableStream<Uint8Array> | undefined, renderMeta: EntryContext["renderMeta"] = {}): EntryContext {
  return { serverHandoffStream: stream, renderMeta } as unknown as EntryContext;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}

describe("prefillHandoff", () => {
  it("puts every piece, decoded, where the render reads it, then the end", async () => {
    const euro = bytes("€"); // three bytes, split across two pieces below
    const pieces = [bytes('[{"_1":2},"loaderData",'), new Uint8Array([...bytes('"Stra'), euro[0]!]), new Uint8Array([euro[1]!, euro[2]!, ...bytes('ße"]')])];
    const context = contextWith(replayHandoff(pieces));
    const chunks = await prefillHandoff(context);
    expect(chunks).toHaveLength(3);
    const cache = context.renderMeta!.streamCache!;
    expect(Object.keys(cache)).toEqual(["0", "1", "2", "3"]);
    expect([0, 1, 2].map((i) => cache[i]!.result!.done)).toEqual([false, false, false]);
    expect([0, 1, 2].map((i) => cache[i]!.result!.value).join("")).toBe('[{"_1":2},"loaderData","Stra€ße"]');
    expect(cache[3]!.result).toEqual({ done: true, value: "" });
    // Settled: <StreamTransfer> reads `.result` synchronously and never waits.
    await expect(cache[0]).resolves.toBeUndefined();
    // RemixServer takes the stream's reader afterwards.
    expect(context.serverHandoffStream!.locked).toBe(false);
    context.serverHandoffStream!.getReader();
  });

  it("gives back the same bytes to stream, if the render did not take them", async () => {
    const pieces = [bytes("first,"), bytes("second,"), bytes("third")];
    const chunks = (await prefillHandoff(contextWith(replayHandoff(pieces))))!;
    expect(await readAll(replayHandoff(chunks))).toBe("first,second,third");
  });

  it("leaves a page without loader data to stream, or one whose stream is already taken", async () => {
    expect(await prefillHandoff(contextWith(undefined))).toBeNull();
    expect(await prefillHandoff({ serverHandoffStream: replayHandoff([bytes("x")]) } as unknown as EntryContext)).toBeNull();
    const taken = replayHandoff([bytes("x")]);
    taken.getReader();
    expect(await prefillHandoff(contextWith(taken))).toBeNull();
  });

  it("passes on a failure of the data it reads, and releases the stream", async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("loader data could not be encoded"));
      },
    });
    const context = contextWith(failing);
    await expect(prefillHandoff(context)).rejects.toThrow("loader data could not be encoded");
    expect(failing.locked).toBe(false);
  });
});
