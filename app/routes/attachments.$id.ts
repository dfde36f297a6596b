import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireSignedIn } from "~/auth/guards.server";
import { attachmentForDownload, contentDisposition } from "~/models/attachments.server";

/**
 * A file from a case, for someone who may read the message it came with. Anything else (another
 * tenant's file, a staff note's file for the complainant, an id that does not exist or is not an
 * id) is the same 404, so nobody can tell a file they may not see from one that does not exist.
 * Always a download (never shown inline), never cached; never sniffed (server/middleware.ts sets
 * X-Content-Type-Options: nosniff on every response, so it is not repeated here).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer", "liaison", "complainant"]);
  const file = await attachmentForDownload(actor, params.id ?? "");
  if (!file) {
    throw new Response("There is no such file, or it is not yours to see.", {
      status: 404,
      headers: { "Cache-Control": "private, no-store" },
    });
  }
  return new Response(new Uint8Array(file.content), {
    status: 200,
    headers: {
      "Content-Type": file.contentType === "text/plain" ? "text/plain; charset=utf-8" : file.contentType,
      "Content-Length": String(file.content.byteLength),
      "Content-Disposition": contentDisposition(file.safeName),
      "Cache-Control": "private, no-store",
      // A file opened from the downloads never runs in our origin's context.
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
