/** Account rules and wording that pages show (shared by server models and route components). */
export const MIN_PASSWORD_LENGTH = 12;
export const INVITE_GONE = "This invitation has expired or was already used. Ask the Security Officer for a new one.";
