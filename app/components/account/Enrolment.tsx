/**
 * Setting up the second factor: the QR code (an inline SVG made on the server, no external image)
 * and the same secret as text, for people who type it into their app.
 */
export function Enrolment({ qrSvg, secret }: { qrSvg: string; secret: string }) {
  return (
    <section className="card enrol" aria-labelledby="enrol-heading">
      <h2 id="enrol-heading">Set up your authenticator app</h2>
      <ol>
        <li>Open an authenticator app on your phone (for example one from your phone's maker, or any app for one-time codes).</li>
        <li>Scan this code with it, or type in the key below.</li>
        <li>Enter the 6-digit code the app then shows.</li>
      </ol>
      <div className="qr" role="img" aria-label="QR image of your authenticator key" dangerouslySetInnerHTML={{ __html: qrSvg }} />
      <p>
        Key: <code className="secret" data-testid="totp-secret">{secret}</code>
      </p>
    </section>
  );
}

/** Shown once, after enrolment or after new codes were made. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <section className="card" aria-labelledby="recovery-heading">
      <h2 id="recovery-heading">Your recovery codes</h2>
      <p>
        If you lose your phone, each of these codes lets you sign in once instead of a code from the app. Keep them somewhere safe
        (printed, or in a password manager). They are shown only now.
      </p>
      <ul className="recovery-codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
