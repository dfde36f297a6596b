import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AgnosticRouteObject, matchPath as MatchPath, matchRoutes as MatchRoutes } from "@remix-run/router";
import type * as StaticServer from "react-router-dom/server";
import { describe, expect, it } from "vitest";

// The server matches routes with @remix-run/router's CommonJS build, which patches/ changes to
// build each route tree's ranked branches and each pattern's regular expression once (ADR 041).
// These tests load that same file: the patch is applied, and matching still answers as before.
const require = createRequire(import.meta.url);
const routerFile = require.resolve("@remix-run/router");
const { matchRoutes, matchPath } = require(routerFile) as { matchRoutes: typeof MatchRoutes; matchPath: typeof MatchPath };

type Route = AgnosticRouteObject;

const tree = (): Route[] => [
  {
    id: "root",
    path: "",
    children: [
      { id: "home", index: true },
      { id: "cases", path: "cases", children: [{ id: "queue", index: true }, { id: "case", path: ":reference" }, { id: "new", path: "new" }] },
      { id: "my-case", path: "my/cases/:reference" },
      { id: "files", path: "files/*" },
      { id: "lang", path: ":lang?/about" },
    ],
  },
];

const ids = (routes: Route[], pathname: string) => matchRoutes(routes, pathname)?.map((m) => m.route.id) ?? null;

describe("route matching (patched @remix-run/router)", () => {
  it("runs the patched build on the server", () => {
    expect(routerFile).toMatch(/router\.cjs\.js$/);
    expect(readFileSync(routerFile, "utf8")).toContain("Recourse patch (ADR 041)");
    expect(readFileSync(routerFile, "utf8")).toContain("Recourse patch (ADR 047)");
  });

  it("matches the same as before, on every call", () => {
    const routes = tree();
    for (let round = 0; round < 3; round++) {
      expect(ids(routes, "/")).toEqual(["root", "home"]);
      expect(ids(routes, "/cases")).toEqual(["root", "cases", "queue"]);
      // A static segment outranks a parameter, whatever the order of the children.
      expect(ids(routes, "/cases/new")).toEqual(["root", "cases", "new"]);
      expect(ids(routes, "/cases/PS-2026-000001")).toEqual(["root", "cases", "case"]);
      expect(ids(routes, "/my/cases/DPF-2026-000002/")).toEqual(["root", "my-case"]);
      expect(ids(routes, "/files/a/b.pdf")).toEqual(["root", "files"]);
      expect(ids(routes, "/de/about")).toEqual(["root", "lang"]);
      expect(ids(routes, "/about")).toEqual(["root", "lang"]);
      expect(ids(routes, "/nowhere/at/all")).toBeNull();
    }
    const match = matchRoutes(routes, "/my/cases/PS%2D2026-000003");
    expect(match?.at(-1)?.params).toEqual({ reference: "PS-2026-000003" });
  });

  // ADR 047: the branch a path matched first is remembered per tree and tried first next time.
  it("gives each match of a remembered path its own objects and params", () => {
    const routes = tree();
    const first = matchRoutes(routes, "/cases/PS-2026-000001")!;
    (first[2]!.params as Record<string, string>).reference = "changed";
    first.pop();
    const second = matchRoutes(routes, "/cases/PS-2026-000001")!;
    expect(second.map((m) => m.route.id)).toEqual(["root", "cases", "case"]);
    expect(second[2]!.params).toEqual({ reference: "PS-2026-000001" });
    expect(second).not.toBe(first);
  });

  it("matches right past the bound of remembered paths, and after a path that matched nothing", () => {
    const routes = tree();
    for (let n = 0; n < 2_500; n++) expect(ids(routes, `/cases/PS-2026-${String(n).padStart(6, "0")}`)).toEqual(["root", "cases", "case"]);
    expect(ids(routes, "/nowhere")).toBeNull();
    expect(ids(routes, "/nowhere")).toBeNull();
    expect(ids(routes, "/cases/PS-2026-000007")).toEqual(["root", "cases", "case"]);
    expect(ids(routes, "/cases/new")).toEqual(["root", "cases", "new"]);
    expect(ids(routes, "/cases")).toEqual(["root", "cases", "queue"]);
  });

  it("keeps each route tree's branches to itself", () => {
    const a = tree();
    const b = tree();
    b[0]!.children!.push({ id: "only-in-b", path: "reports" });
    expect(ids(a, "/reports")).toBeNull();
    expect(ids(b, "/reports")).toEqual(["root", "only-in-b"]);
    // The matched routes are the tree's own objects, not another tree's with the same paths.
    expect(matchRoutes(a, "/cases")![1]!.route).toBe(a[0]!.children![1]);
    expect(matchRoutes(b, "/cases")![1]!.route).toBe(b[0]!.children![1]);
  });

  it("gives every match its own params", () => {
    const first = matchPath("/cases/:reference", "/cases/PS-1")!;
    const second = matchPath("/cases/:reference", "/cases/PS-2")!;
    (first.params as Record<string, string>).reference = "changed";
    expect(second.params).toEqual({ reference: "PS-2" });
    expect(matchPath("/cases/:reference", "/cases/PS-3")!.params).toEqual({ reference: "PS-3" });
    expect(matchPath({ path: "/Cases", caseSensitive: true, end: true }, "/cases")).toBeNull();
    expect(matchPath({ path: "/Cases", caseSensitive: false, end: true }, "/cases")).not.toBeNull();
    expect(matchPath({ path: "/cases", end: false }, "/cases/PS-1")?.pathname).toBe("/cases");
    expect(matchPath({ path: "/cases", end: true }, "/cases/PS-1")).toBeNull();
  });
});

// The rendering side (ADR 042): Remix builds its route tree for React once per build, and the static
// router converts a tree into data routes once, so every render shares them (and matching hits its
// per-tree cache). Each request's matches and data still come from its own handler context.
describe("static router (patched react-router-dom and @remix-run/react)", () => {
  const serverFile = require.resolve("react-router-dom/server");
  const { createStaticHandler, createStaticRouter } = require(serverFile) as typeof StaticServer;

  it("runs the patched builds on the server", () => {
    expect(readFileSync(serverFile, "utf8")).toContain("Recourse patch (ADR 042)");
    expect(readFileSync(require.resolve("@remix-run/react/dist/server.js"), "utf8")).toContain("Recourse patch (ADR 042)");
  });

  it("shares one tree's data routes between requests, and gives each request its own matches", async () => {
    const routes = [{ id: "root", path: "/", loader: () => "root", children: [{ id: "queue", path: "cases", loader: () => "queue" }, { id: "case", path: "cases/:reference", loader: ({ params }: { params: Record<string, string | undefined> }) => params.reference ?? null }] }];
    const handler = createStaticHandler(routes);
    const contextOf = async (url: string) => {
      const context = await handler.query(new Request(url));
      if (context instanceof Response) throw new Error("unexpected response");
      return context;
    };
    const first = createStaticRouter(routes, await contextOf("http://recourse.test/cases"));
    const second = createStaticRouter(routes, await contextOf("http://recourse.test/cases/PS-2026-000009"));
    expect(second.routes).toBe(first.routes);
    expect(first.state.matches.map((m) => m.route.id)).toEqual(["root", "queue"]);
    expect(second.state.matches.map((m) => m.route.id)).toEqual(["root", "case"]);
    expect(second.state.matches[1]!.params).toEqual({ reference: "PS-2026-000009" });
    expect(second.state.loaderData).toEqual({ root: "root", case: "PS-2026-000009" });
    expect(first.state.loaderData).toEqual({ root: "root", queue: "queue" });
    // The matches point into the shared data routes.
    expect(second.state.matches[1]!.route).toBe(first.routes[0]!.children![1]);
    // Another tree gets its own.
    const other = [{ ...routes[0]!, children: [...routes[0]!.children] }];
    const third = createStaticRouter(other, await contextOf("http://recourse.test/cases"));
    expect(third.routes).not.toBe(first.routes);
  });
});
