// Who runs this instance: the operator named in the privacy policy, its Security Officer's
// contact details and the independent dispute body. Defaults are the ones in
// Customer Portfolios' Privacy Shield policy; each one can be overridden by an env var.
// Values are read on access (getters), so a changed environment takes effect at once.

function env(name: string, fallback: string): string {
  const value = process.env[name]?.trim();
  return value ? value : fallback;
}

export const OPERATOR_DEFAULTS = {
  name: "Customer Portfolios, LLC",
  address: "88 Black Falcon Avenue, Suite 320, Boston MA 02210",
  phone: "+1-617-225-9501",
  email: "PrivacyInquiry@customerportfolios.com",
  disputeBodyName: "Direct Marketing Association (DMA) Privacy Shield Dispute Resolution Program",
  disputeBodyAddress: "1615 L Street, NW – Suite 1100, Washington, DC 20336",
  mailFrom: '"Customer Portfolios Privacy" <PrivacyInquiry@customerportfolios.com>',
} as const;

export interface Operator {
  /** Legal name of the operator (OPERATOR_NAME). */
  readonly name: string;
  /** Postal address on one line, parts separated by ", " (OPERATOR_ADDRESS). */
  readonly address: string;
  /** Telephone (OPERATOR_PHONE). */
  readonly phone: string;
  /** The Security Officer's e-mail address (OPERATOR_EMAIL). */
  readonly email: string;
  /** The independent recourse mechanism (DISPUTE_BODY_NAME). */
  readonly disputeBodyName: string;
  /** Its postal address on one line (DISPUTE_BODY_ADDRESS). */
  readonly disputeBodyAddress: string;
  /** The From header of outgoing mail (MAIL_FROM). */
  readonly mailFrom: string;
}

const ENV_NAMES: Record<keyof Operator, string> = {
  name: "OPERATOR_NAME",
  address: "OPERATOR_ADDRESS",
  phone: "OPERATOR_PHONE",
  email: "OPERATOR_EMAIL",
  disputeBodyName: "DISPUTE_BODY_NAME",
  disputeBodyAddress: "DISPUTE_BODY_ADDRESS",
  mailFrom: "MAIL_FROM",
};

export const operator = Object.defineProperties(
  {},
  Object.fromEntries(
    (Object.keys(ENV_NAMES) as (keyof Operator)[]).map((key) => [
      key,
      { enumerable: true, get: () => env(ENV_NAMES[key], OPERATOR_DEFAULTS[key]) },
    ]),
  ),
) as Operator;

/** The From header of outgoing mail (MAIL_FROM). */
export function mailFrom(): string {
  return operator.mailFrom;
}

/** The public base URL of the app, without a trailing slash (APP_URL, else http://localhost:$PORT). */
export function appUrl(): string {
  const fromEnv = process.env.APP_URL?.trim();
  const url = fromEnv ? fromEnv : `http://localhost:${process.env.PORT ?? 3000}`;
  return url.replace(/\/+$/, "");
}
