import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/auth/guards.server";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await endSession(request) } });
}

export function loader() {
  return redirect("/");
}
