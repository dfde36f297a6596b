import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/lib/flash.server";
import { FlashNotice } from "~/components/FlashNotice";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireSignedIn } from "~/auth/guards.server";
import { db } from "~/db/db.server";
import { parseWith } from "~/lib/forms";
import { notificationMode, setNotificationMode } from "~/models/notices.server";
import { operatorZoneOf } from "~/models/clock-settings.server";
import { DIGEST_HOUR, zoneName } from "~/domain";

export const meta: MetaFunction = () => [{ title: "Notifications" }];

const modeSchema = z.object({ mode: z.enum(["each", "daily"], { error: "Choose one of the two options." }) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireSignedIn({ request, context }, ["officer", "liaison"]);
  const [mode, zone] = await Promise.all([notificationMode(db(), user.id), operatorZoneOf(context)]);
  return { mode, digestAt: `${String(DIGEST_HOUR).padStart(2, "0")}:00 ${zoneName(zone)}` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireSignedIn({ request, context }, ["officer", "liaison"]);
  const parsed = parseWith(modeSchema, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  await setNotificationMode(db(), user.id, parsed.data.mode);
  return redirectWithFlash("/account/notifications", { key: "flash.saved" });
}

export default function Notifications() {
  const { mode, digestAt } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result?.errors ? Object.values(result.errors)[0] : null;
  return (
    <main id="main">
      <h1>Notifications</h1>
      {result ? null : <FlashNotice />}
      <p>
        Reminders before a deadline, alerts when one has passed, and cases proposed for closure reach you by e-mail. Choose
        whether you get one mail for each, or one summary a day (sent each morning at {digestAt}). Other mail about your cases (new messages,
        escalations) is not affected.
      </p>
      <Form method="post" className="card">
        <fieldset>
          <legend>How should deadline notices reach you?</legend>
          {error && <p className="error" role="alert">{error}</p>}
          <div className="field">
            <input type="radio" id="mode-each" name="mode" value="each" defaultChecked={mode === "each"} />{" "}
            <label htmlFor="mode-each">One e-mail for each notice, as it happens</label>
          </div>
          <div className="field">
            <input type="radio" id="mode-daily" name="mode" value="daily" defaultChecked={mode === "daily"} />{" "}
            <label htmlFor="mode-daily">One summary a day</label>
          </div>
        </fieldset>
        <button type="submit">Save</button>
      </Form>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
