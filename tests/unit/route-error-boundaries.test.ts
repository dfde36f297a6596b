// Every page route catches its own errors (issue 10 part 3): a failed loader or action shows a
// plain message inside the app's frame, with the header and navigation the root renders.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROUTES = "app/routes";
const pages = readdirSync(ROUTES)
  .filter((f) => f.endsWith(".tsx"))
  .map((f) => ({ file: f, source: readFileSync(path.join(ROUTES, f), "utf8") }))
  // A module without a page (POST-only or a download) has nothing to show.
  .filter((p) => /export default /.test(p.source));

describe("error boundaries", () => {
  it("finds the page routes", () => {
    expect(pages.length).toBeGreaterThan(30);
  });

  it.each(pages.map((p) => [p.file, p.source]))("%s exports the shared ErrorBoundary", (_file, source) => {
    expect(source).toMatch(/export \{ RouteErrorBoundary as ErrorBoundary \} from "~\/components\/RouteError";/);
  });
});
