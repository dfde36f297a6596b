import { data, redirect } from "@remix-run/node";
import { beginSecondFactor, staffMaySignIn } from "~/models/accounts.server";

export const WRONG_PASSWORD = "That e-mail address and password do not match a staff account.";

/**
 * After /login has checked the password: no session yet. A deactivated person (or a liaison of a
 * deactivated client) gets the same answer as a wrong password; anyone else goes on to the code.
 */
export async function continueToSecondFactor(userId: string, next: string | null | undefined) {
  if (!(await staffMaySignIn(userId))) return data({ errors: { _form: WRONG_PASSWORD } as Record<string, string> }, { status: 400 });
  const { cookie } = await beginSecondFactor(userId, next ?? null, new Date());
  return redirect("/login/verify", { headers: { "Set-Cookie": cookie } });
}
