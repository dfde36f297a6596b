import { describe, expect, it } from "vitest";
import { isCrossOriginWrite } from "../../app/auth/origin";

const base = { host: "recourse.example:3000", appUrl: "https://recourse.example", secFetchSite: null };

describe("isCrossOriginWrite", () => {
  it("lets reads through from anywhere", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(isCrossOriginWrite({ ...base, method, origin: "https://evil.example" })).toBeNull();
    }
  });

  it("accepts a write from our own host or APP_URL", () => {
    expect(isCrossOriginWrite({ ...base, method: "POST", origin: "http://recourse.example:3000" })).toBeNull();
    expect(isCrossOriginWrite({ ...base, method: "POST", origin: "https://recourse.example" })).toBeNull();
  });

  it("refuses a write from another origin, an opaque origin or a garbled one", () => {
    for (const origin of ["https://evil.example", "null", "not a url", "http://recourse.example:3001"]) {
      expect(isCrossOriginWrite({ ...base, method: "POST", origin })).toMatch(/another site/);
    }
    expect(isCrossOriginWrite({ ...base, method: "DELETE", origin: "https://evil.example" })).toMatch(/another site/);
  });

  it("refuses a write the browser marks cross-site even without Origin", () => {
    expect(isCrossOriginWrite({ ...base, method: "POST", origin: null, secFetchSite: "cross-site" })).toMatch(/another site/);
    expect(isCrossOriginWrite({ ...base, method: "POST", origin: null, secFetchSite: "same-site" })).toMatch(/another site/);
    expect(isCrossOriginWrite({ ...base, method: "POST", origin: null, secFetchSite: "same-origin" })).toBeNull();
  });

  it("trusts the browser's same-origin verdict over an opaque Origin", () => {
    expect(isCrossOriginWrite({ ...base, method: "POST", origin: "null", secFetchSite: "same-origin" })).toBeNull();
    expect(isCrossOriginWrite({ ...base, method: "POST", origin: "https://recourse.example", secFetchSite: "cross-site" })).toMatch(/another site/);
  });
});
