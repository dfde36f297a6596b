import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireSignedIn } from "~/auth/guards.server";

export async function loader(args: LoaderFunctionArgs) {
  await requireSignedIn(args, ["officer"]);
  return redirect("/admin/access");
}
