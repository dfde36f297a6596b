import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { safeNext, sessionCookieFor } from "~/auth/guards.server";
import { consumeSignInLink } from "~/auth/sign-in.server";
import { parseWith } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Sign in" }];

const tokenForm = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "This sign-in link is not valid.") });

// Opening the link only shows a button: mail scanners that follow links must not use up the single-use token.
export function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseWith(tokenForm, new URL(request.url).searchParams);
  if (!parsed.ok) throw new Response("This sign-in link is not valid. Ask for a new one on the sign-in page.", { status: 400 });
  return { token: parsed.data.token };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseWith(tokenForm, await request.formData());
  if (!parsed.ok) throw new Response("This sign-in link is not valid.", { status: 400 });
  const result = await consumeSignInLink(parsed.data.token, new Date());
  if (!result.ok) return redirect("/signin?expired=1");
  return redirect(safeNext(result.redirectTo, "/my"), { headers: { "Set-Cookie": await sessionCookieFor(result.userId, { request, context }) } });
}

export default function SignInLink() {
  const { token } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="narrow">
      <h1>Sign in to follow your complaint</h1>
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <button type="submit">Continue</button>
      </Form>
    </main>
  );
}
