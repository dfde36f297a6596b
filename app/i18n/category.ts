import { isCategory, isPrincipleCategory } from "~/domain";
import type { Translate } from "./translate";

/** A category's own name ("Notice", "See the personal data held about me"); an unknown one as stored. */
export function categoryLabel(t: Translate, category: string): string {
  return isCategory(category) ? t(`complain.category.${category}`) : category;
}

/** What a complaint is about, as its heading says it: a principle's bare name ("Notice") reads as a word, not a subject. */
export function complaintSubject(t: Translate, category: string): string {
  return isPrincipleCategory(category) ? t("case.subject.principle", { principle: t(`complain.category.${category}`) }) : categoryLabel(t, category);
}
