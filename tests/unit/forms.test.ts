import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseWith, text } from "../../app/lib/forms";

/**
 * URLSearchParams that counts the entries it hands out, including the ones getAll() has to walk
 * past: the work parseWith does, without timing anything.
 */
class CountingParams extends URLSearchParams {
  visited = 0;
  override getAll(name: string): string[] {
    this.visited += [...super.keys()].length;
    return super.getAll(name);
  }
  override *entries(): URLSearchParamsIterator<[string, string]> {
    for (const entry of super.entries()) {
      this.visited++;
      yield entry;
    }
  }
  override *keys(): URLSearchParamsIterator<string> {
    for (const key of super.keys()) {
      this.visited++;
      yield key;
    }
  }
}

describe("parseWith", () => {
  const schema = z.object({ name: text("your name"), tags: z.array(z.string()).optional() });

  it("keeps single values as strings and repeated fields as lists, in order", () => {
    const form = new FormData();
    form.append("name", "  Ada ");
    form.append("tags", "a");
    form.append("tags", "b");
    form.append("tags", "c");
    expect(parseWith(schema, form)).toEqual({ ok: true, data: { name: "Ada", tags: ["a", "b", "c"] } });
  });

  it("turns an uploaded file into an empty string and reports one sentence per field", () => {
    const form = new FormData();
    form.append("name", new Blob(["x"]), "x.txt");
    expect(parseWith(schema, form)).toEqual({ ok: false, errors: { name: "Enter your name." }, codes: { name: "too_small" } });
  });

  it("treats a field called __proto__ as an ordinary unknown field", () => {
    const params = new URLSearchParams("__proto__=x&name=Ada&constructor=y");
    expect(parseWith(schema, params)).toEqual({ ok: true, data: { name: "Ada" } });
  });

  it("visits each entry a bounded number of times, however many distinct fields arrive", () => {
    const fields = 5_000;
    const params = new CountingParams();
    for (let i = 0; i < fields; i++) params.append(`f${i}`, "v");
    params.append("name", "Ada");
    expect(parseWith(schema, params).ok).toBe(true);
    // Linear: a few visits per entry. The quadratic version made about fields² (25 million).
    expect(params.visited).toBeLessThanOrEqual(3 * (fields + 1));
  });
});
