// Every catalog, by namespace (the file's name; each key starts with it and a dot). A new
// catalog is one import and one line below, kept in alphabetical order; the catalog test fails
// for a file in this folder that is not listed here.
import common from "./common";
import flash from "./flash";

export const CATALOGS = {
  common,
  flash,
} as const;

type Catalogs = typeof CATALOGS;
/** Every key of every catalog: t() accepts only these. */
export type MessageKey = { [N in keyof Catalogs]: keyof Catalogs[N]["en"] & string }[keyof Catalogs];
