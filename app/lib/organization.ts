/** The value of the organization field when the complaint is about the operator itself. */
export const OPERATOR_ITSELF = "operator";

/**
 * The value of the organization field when the person does not know the company, or it is not
 * in our list: the case starts with the operator (step `company`) like a complaint about the
 * operator itself, and the Security Officer finds the company in triage (ADR 034).
 */
export const ORGANIZATION_UNKNOWN = "unknown";

/** How many matching clients the public form shows for one search. */
export const CLIENT_SEARCH_LIMIT = 20;
