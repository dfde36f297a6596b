// Every catalog in every language (ADR 033): the same keys as English, each key in its namespace,
// every message valid ICU with the same placeholders as its English original; and the check
// itself, shown to catch each fault on a broken catalog.
import { readdirSync } from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { LOCALES, type Catalog } from "../../app/i18n";
import { CATALOGS } from "../../app/i18n/messages";

/** The placeholders of a message, with their kind ("count:plural", "due:date", "link:tag"). */
function placeholders(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    switch (el.type) {
      case TYPE.argument:
        into.add(`${el.value}:argument`);
        break;
      case TYPE.number:
        into.add(`${el.value}:number`);
        break;
      case TYPE.date:
        into.add(`${el.value}:date`);
        break;
      case TYPE.time:
        into.add(`${el.value}:time`);
        break;
      case TYPE.select:
        into.add(`${el.value}:select`);
        for (const option of Object.values(el.options)) placeholders(option.value, into);
        break;
      case TYPE.plural:
        into.add(`${el.value}:plural`);
        for (const option of Object.values(el.options)) placeholders(option.value, into);
        break;
      case TYPE.tag:
        into.add(`${el.value}:tag`);
        placeholders(el.children, into);
        break;
      default:
        break;
    }
  }
  return into;
}

/** Every fault of one catalog, as readable lines; none for a good catalog. */
function catalogFaults(namespace: string, catalog: Catalog): string[] {
  const faults: string[] = [];
  const english = catalog.en;
  for (const key of Object.keys(english)) {
    if (!key.startsWith(`${namespace}.`)) faults.push(`${key}: not in namespace "${namespace}"`);
  }
  for (const locale of LOCALES) {
    const messages = catalog[locale];
    for (const key of Object.keys(english)) if (!Object.hasOwn(messages, key)) faults.push(`${locale} ${key}: missing`);
    for (const key of Object.keys(messages)) if (!Object.hasOwn(english, key)) faults.push(`${locale} ${key}: not in English`);
    for (const [key, message] of Object.entries(messages)) {
      if (typeof message !== "string" || message.trim() === "") {
        faults.push(`${locale} ${key}: empty`);
        continue;
      }
      let ast: MessageFormatElement[];
      try {
        ast = parse(message);
      } catch (error) {
        faults.push(`${locale} ${key}: does not parse (${(error as Error).message})`);
        continue;
      }
      const source = english[key];
      if (locale === "en" || source === undefined) continue;
      let sourceAst: MessageFormatElement[];
      try {
        sourceAst = parse(source);
      } catch {
        continue; // reported for English
      }
      const want = [...placeholders(sourceAst)].sort();
      const got = [...placeholders(ast)].sort();
      if (want.join() !== got.join()) faults.push(`${locale} ${key}: placeholders ${got.join(", ") || "none"}, English has ${want.join(", ") || "none"}`);
    }
  }
  return faults;
}

describe("the message catalogs", () => {
  it("lists every file of app/i18n/messages", () => {
    const files = readdirSync(path.resolve("app/i18n/messages"))
      .filter((f) => f.endsWith(".ts") && f !== "index.ts")
      .map((f) => f.slice(0, -3))
      .sort();
    expect(Object.keys(CATALOGS).sort()).toEqual(files);
  });

  it.each(Object.entries(CATALOGS))("%s: every key in every language, parsed, with the same placeholders", (namespace, catalog) => {
    expect(catalogFaults(namespace, catalog as Catalog)).toEqual([]);
  });

  it("has no key in two namespaces", () => {
    const keys = Object.values(CATALOGS).flatMap((c) => Object.keys(c.en));
    expect(keys.length).toBe(new Set(keys).size);
  });
});

describe("the catalog check", () => {
  const good: Catalog = {
    en: { "x.a": "{count, plural, one {# day} other {# days}} until {due, date, long}", "x.b": "Hello {name}" },
    de: { "x.a": "{count, plural, one {# Tag} other {# Tage}} bis {due, date, long}", "x.b": "Hallo {name}" },
    fr: { "x.a": "{count, plural, one {# jour} other {# jours}} jusqu’au {due, date, long}", "x.b": "Bonjour {name}" },
  };

  it("passes a complete catalog", () => {
    expect(catalogFaults("x", good)).toEqual([]);
  });

  it("finds a key missing in one language", () => {
    const broken = { ...good, fr: { "x.a": good.fr["x.a"]! } };
    expect(catalogFaults("x", broken)).toEqual(["fr x.b: missing"]);
  });

  it("finds a key only a translation has", () => {
    const broken = { ...good, de: { ...good.de, "x.c": "Extra" } };
    expect(catalogFaults("x", broken)).toEqual(["de x.c: not in English"]);
  });

  it("finds a message that does not parse", () => {
    const broken = { ...good, de: { ...good.de, "x.b": "Hallo {name" } };
    expect(catalogFaults("x", broken)).toEqual([expect.stringMatching(/^de x\.b: does not parse/)]);
  });

  it("finds a translation with another placeholder than English", () => {
    const broken = { ...good, fr: { ...good.fr, "x.b": "Bonjour {nom}" } };
    expect(catalogFaults("x", broken)).toEqual(["fr x.b: placeholders nom:argument, English has name:argument"]);
  });

  it("finds a translation that lost its plural", () => {
    const broken = { ...good, de: { ...good.de, "x.a": "{count} Tage bis {due, date, long}" } };
    expect(catalogFaults("x", broken)).toEqual([expect.stringMatching(/^de x\.a: placeholders/)]);
  });

  it("finds a key outside its namespace", () => {
    const broken = { en: { "y.a": "A" }, de: { "y.a": "A" }, fr: { "y.a": "A" } };
    expect(catalogFaults("x", broken)).toEqual(['y.a: not in namespace "x"']);
  });
});

describe("the countries catalog", () => {
  it("names every country the complaint form accepts (but 'Another country', which the form words itself), and no other", async () => {
    const { COUNTRIES } = await import("../../app/lib/countries");
    const named = Object.keys(CATALOGS.countries.en).map((key) => key.replace(/^countries\./, "")).sort();
    expect(named).toEqual(Object.keys(COUNTRIES).filter((code) => code !== "XX").sort());
  });
});
