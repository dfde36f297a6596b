import type { Actor, Audience, Role } from "./types";

/** The facts about a case that decide who may see it and act on it. */
export interface CaseParties {
  clientId: string | null;
  complainantId: string;
}

/** Tenant isolation: a liaison belongs to one client, a complainant to their own cases. */
export function canViewCase(actor: Actor, parties: CaseParties): boolean {
  switch (actor.role) {
    case "officer":
      return true;
    case "liaison":
      return parties.clientId !== null && actor.clientId === parties.clientId;
    case "complainant":
      return actor.userId === parties.complainantId;
  }
}

export function visibleAudiences(actor: Actor): Audience[] {
  switch (actor.role) {
    case "officer":
      return ["parties", "staff", "internal"];
    case "liaison":
      return ["parties", "staff"];
    case "complainant":
      return ["parties"];
  }
}

/** Who reads a message written for `audience`. */
export function readersOf(audience: Audience): Role[] {
  switch (audience) {
    case "parties":
      return ["complainant", "liaison", "officer"];
    case "staff":
      return ["liaison", "officer"];
    case "internal":
      return ["officer"];
  }
}
