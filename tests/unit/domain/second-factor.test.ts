import { describe, expect, it } from "vitest";
import { CODE_WAIT_CAP_SECONDS, FREE_WRONG_CODES, codeWaitAfter } from "../../../app/domain/second-factor";

describe("the wait after wrong second-factor codes", () => {
  it("is none for the first wrong codes", () => {
    for (let n = 0; n < FREE_WRONG_CODES; n++) expect(codeWaitAfter(n)).toBe(0);
  });

  it("starts at a minute, doubles with each further wrong code, and stops growing at the cap", () => {
    expect(codeWaitAfter(FREE_WRONG_CODES)).toBe(60);
    expect(codeWaitAfter(FREE_WRONG_CODES + 1)).toBe(120);
    expect(codeWaitAfter(FREE_WRONG_CODES + 5)).toBe(1920);
    expect(codeWaitAfter(FREE_WRONG_CODES + 6)).toBe(CODE_WAIT_CAP_SECONDS);
    expect(codeWaitAfter(10_000)).toBe(CODE_WAIT_CAP_SECONDS);
  });
});
