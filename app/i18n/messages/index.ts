// Every catalog, by namespace (the file's name; each key starts with it and a dot). A new
// catalog is one import and one line below, kept in alphabetical order; the catalog test fails
// for a file in this folder that is not listed here.
import caseMessages from "./case";
import common from "./common";
import complain from "./complain";
import countries from "./countries";
import deadlines from "./deadlines";
import filing from "./filing";
import flash from "./flash";
import home from "./home";
import mail from "./mail";
import mailAccount from "./mail.account";
import mailCase from "./mail.case";
import mycomplaints from "./mycomplaints";
import mydata from "./mydata";
import mydatapage from "./mydatapage";
import sessions from "./sessions";
import signin from "./signin";
import signinlink from "./signinlink";
import steps from "./steps";
import uploads from "./uploads";

export const CATALOGS = {
  case: caseMessages,
  common,
  complain,
  countries,
  deadlines,
  filing,
  flash,
  home,
  mail,
  "mail.account": mailAccount,
  "mail.case": mailCase,
  mycomplaints,
  mydata,
  mydatapage,
  sessions,
  signin,
  signinlink,
  steps,
  uploads,
} as const;

type Catalogs = typeof CATALOGS;
/** Every key of every catalog: t() accepts only these. */
export type MessageKey = { [N in keyof Catalogs]: keyof Catalogs[N]["en"] & string }[keyof Catalogs];
