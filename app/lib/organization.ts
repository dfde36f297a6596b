/** The value of the organization field when the complaint is about the operator itself. */
export const OPERATOR_ITSELF = "operator";
