import type { UploadProblem } from "~/lib/uploads.server";
import type { Translate } from "./translate";

/** A size as people read it in this language: "2.5 MB", "2,5 MB", "800 kB". */
function sizeIn(t: Translate, bytes: number): string {
  const unit = bytes >= 1024 * 1024 ? "megabyte" : bytes >= 1024 ? "kilobyte" : "byte";
  const value = unit === "megabyte" ? bytes / (1024 * 1024) : unit === "kilobyte" ? bytes / 1024 : bytes;
  return t.intl.formatNumber(value, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: unit === "megabyte" ? 1 : 0 });
}

/** Why a form's files were refused, in the complainant's language (the upload check's `error` is English, for staff). */
export function uploadErrorIn(t: Translate, problem: UploadProblem): string {
  switch (problem.kind) {
    case "unreadable":
      return t("uploads.unreadable");
    case "control_character":
      return t("uploads.controlCharacter");
    case "too_many_files":
      return t("uploads.tooManyFiles", { max: problem.max });
    case "total_too_big":
      return t("uploads.totalTooBig", { max: sizeIn(t, problem.max) });
    case "empty":
      return t("uploads.empty", { name: problem.name });
    case "too_big":
      return t("uploads.tooBig", { name: problem.name, size: sizeIn(t, problem.size), max: sizeIn(t, problem.max) });
    case "type":
      return t("uploads.type", { name: problem.name });
  }
}
