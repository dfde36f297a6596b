import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { referenceParam } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Complaint received" }];

export function loader({ params }: LoaderFunctionArgs) {
  return { reference: referenceParam(params.reference) };
}

export default function Received() {
  const { reference } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="narrow">
      <h1>We have received your complaint</h1>
      <p className="notice">
        Your case reference is <strong>{reference}</strong>. Please keep it and quote it if you contact us.
      </p>
      <h2>What happens next</h2>
      <ol>
        <li>We have sent you an e-mail with a link to follow your complaint. The link works once and expires after 30 minutes; you can always ask for a new one.</li>
        <li>The organization should acknowledge your complaint within 5 days and answer within 45 days.</li>
        <li>If it does not, or you are not satisfied with the answer, you can take your complaint to the next step.</li>
      </ol>
      <p><Link to="/signin">Get a new sign-in link</Link></p>
    </main>
  );
}
