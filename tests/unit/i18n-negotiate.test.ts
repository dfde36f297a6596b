import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage, localeFromCookieHeader, localeFromRequest, translatorFor } from "../../app/i18n";

const request = (headers: Record<string, string>) => new Request("http://localhost/", { headers });

describe("the language of a request", () => {
  it("is the cookie's, before the browser's", () => {
    expect(localeFromRequest(request({ Cookie: "a=1; recourse_lang=fr", "Accept-Language": "de" }))).toBe("fr");
  });

  it("is the browser's first language we speak, by quality and then order", () => {
    expect(localeFromAcceptLanguage("de-CH, fr;q=0.8, en;q=0.5")).toBe("de");
    expect(localeFromAcceptLanguage("it, fr-BE;q=0.9, de;q=0.8")).toBe("fr");
    expect(localeFromAcceptLanguage("en;q=0.4, de;q=0.7")).toBe("de");
    expect(localeFromAcceptLanguage("fr;q=0, de;q=0.1")).toBe("de");
    expect(localeFromAcceptLanguage("it, es, *")).toBeNull();
    expect(localeFromAcceptLanguage("")).toBeNull();
  });

  it("ignores a cookie with a language we do not speak, and falls back to English", () => {
    expect(localeFromCookieHeader("recourse_lang=xx")).toBeNull();
    expect(localeFromRequest(request({ Cookie: "recourse_lang=xx", "Accept-Language": "it" }))).toBe("en");
    expect(localeFromRequest(request({}))).toBe("en");
  });
});

describe("translatorFor", () => {
  it("writes the message in the language asked for", () => {
    expect(translatorFor("en")("common.nav.signOut")).toBe("Sign out");
    expect(translatorFor("de")("common.nav.signOut")).toBe("Abmelden");
    expect(translatorFor("fr")("common.nav.signOut")).toBe("Se déconnecter");
  });

  it("fills placeholders", () => {
    expect(translatorFor("fr")("common.header.brand", { operator: "Acme" })).toBe("Acme · Plaintes relatives à la vie privée");
  });
});
