// Where complainants live: the EEA and Switzerland (the frameworks' scope), plus the UK and "elsewhere".
export const COUNTRIES: Record<string, string> = {
  AT: "Austria", BE: "Belgium", BG: "Bulgaria", HR: "Croatia", CY: "Cyprus", CZ: "Czechia", DK: "Denmark",
  EE: "Estonia", FI: "Finland", FR: "France", DE: "Germany", GR: "Greece", HU: "Hungary", IS: "Iceland",
  IE: "Ireland", IT: "Italy", LV: "Latvia", LI: "Liechtenstein", LT: "Lithuania", LU: "Luxembourg", MT: "Malta",
  NL: "Netherlands", NO: "Norway", PL: "Poland", PT: "Portugal", RO: "Romania", SK: "Slovakia", SI: "Slovenia",
  ES: "Spain", SE: "Sweden", CH: "Switzerland", GB: "United Kingdom", US: "United States", XX: "Another country",
};
