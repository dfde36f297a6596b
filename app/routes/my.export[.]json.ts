import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireSignedIn } from "~/auth/guards.server";
import { collectMyData } from "~/models/export.server";

/** Everything held about the signed-in complainant, as one JSON file (files inside as base64). Never cached. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["complainant"]);
  if (actor.role !== "complainant") throw new Response("Not found", { status: 404 });
  const now = new Date();
  const body = JSON.stringify(await collectMyData(actor, now, true), null, 2);
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="my-data-${now.toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
