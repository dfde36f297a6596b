import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { operator } from "~/config/operator.server";

export const meta: MetaFunction = () => [{ title: "Privacy complaints — how it works" }];

export function loader() {
  return {
    name: operator.name,
    address: operator.address,
    phone: operator.phone,
    email: operator.email,
    disputeBodyName: operator.disputeBodyName,
    disputeBodyAddress: operator.disputeBodyAddress,
  };
}

export default function Home() {
  const o = useLoaderData<typeof loader>();
  return (
    <main id="main" className="narrow">
      <h1>Raise a concern about your personal data</h1>
      <p>
        {o.name} hosts marketing databases for its client companies. If you are worried about how your
        personal data is used, or you want to see, correct or remove it, you can make a complaint here. It
        is free, and you do not need an account.
      </p>
      <p>
        <Link className="button" to="/complain">Make a complaint</Link>{" "}
        <Link className="button secondary" to="/signin">Follow a complaint you made</Link>
      </p>

      <h2>The four steps</h2>
      <p>Your complaint moves up one step only if the step before has not settled it.</p>
      <ol className="ladder">
        <li>
          <strong>The client company</strong>
          <p>The company that holds your data looks into it first. It must acknowledge your complaint promptly and answer within 45 days.</p>
        </li>
        <li>
          <strong>{o.name}</strong>
          <p>If the company does not reply in time, or you are not satisfied, our Security Officer takes over, with the same time limits.</p>
        </li>
        <li>
          <strong>The independent dispute body</strong>
          <p>If we do not settle it either, you can take it to the {o.disputeBodyName}. It is independent of us and acts as a go-between.</p>
        </li>
        <li>
          <strong>Binding arbitration</strong>
          <p>As a last step, after contacting us and the dispute body, you can ask for binding arbitration. It can order access to, correction, deletion or return of your data, but not money.</p>
        </li>
      </ol>

      <h2>Contact us directly</h2>
      <div className="grid">
        <address className="card">
          <strong>Security Officer</strong><br />
          {o.name}<br />
          {o.address.split(", ").map((line) => (<span key={line}>{line}<br /></span>))}
          Phone: <a href={`tel:${o.phone}`}>{o.phone}</a><br />
          E-mail: <a href={`mailto:${o.email}?subject=Privacy%20Inquiry`}>{o.email}</a><br />
          <span className="muted">Please put “Privacy Inquiry” in the subject line.</span>
        </address>
        <address className="card">
          <strong>Independent dispute body</strong><br />
          {o.disputeBodyName}<br />
          {o.disputeBodyAddress.split(", ").map((line) => (<span key={line}>{line}<br /></span>))}
        </address>
      </div>
    </main>
  );
}
