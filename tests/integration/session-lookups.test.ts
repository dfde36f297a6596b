// One session look-up per request. Remix runs the root loader and the page's loader of one
// request side by side, each with its own copy of the Request but the same `context` object;
// this calls them the way Remix does and counts the look-ups.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sessions } from "../../app/auth/sessions.server";
import { sessionCookieFor } from "../../app/auth/guards.server";
import { loader as rootLoader } from "../../app/root";
import { loader as queueLoader } from "../../app/routes/cases._index";
import { loader as myCasesLoader } from "../../app/routes/my._index";
import { createOfficer, discardTestMail, fileCase } from "../support/factories";

let officerCookie: string;
let complainantCookie: string;
let officerId: string;
let complainantId: string;
let reference: string;

beforeAll(async () => {
  const officer = await createOfficer();
  officerId = officer.id;
  officerCookie = (await sessionCookieFor(officer.id)).split(";")[0]!;
  const filed = await fileCase({}, new Date());
  complainantId = filed.complainant.id;
  reference = filed.reference;
  complainantCookie = (await sessionCookieFor(filed.complainant.id)).split(";")[0]!;
  await discardTestMail();
});

afterEach(() => vi.restoreAllMocks());

const request = (path: string, cookie: string) => new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });

describe("the session of a request", () => {
  it("is looked up once for the root loader and the page's loader together", async () => {
    const lookups = vi.spyOn(sessions, "validate");
    const context = {};
    const [root, page] = await Promise.all([
      rootLoader({ request: request("/cases", officerCookie), context, params: {} }),
      queueLoader({ request: request("/cases", officerCookie), context, params: {} }),
    ]);
    expect(root.data.user?.role).toBe("officer");
    expect(page.role).toBe("officer");
    expect(lookups).toHaveBeenCalledTimes(1);

    // The complainant's list page, the same.
    lookups.mockClear();
    const other = {};
    await Promise.all([
      rootLoader({ request: request("/my", complainantCookie), context: other, params: {} }),
      myCasesLoader({ request: request("/my", complainantCookie), context: other, params: {} }),
    ]);
    expect(lookups).toHaveBeenCalledTimes(1);
  });

  it("is looked up again for the next request, and never shared between requests", async () => {
    const lookups = vi.spyOn(sessions, "validate");
    const a = await rootLoader({ request: request("/", officerCookie), context: {}, params: {} });
    const b = await rootLoader({ request: request("/", complainantCookie), context: {}, params: {} });
    expect([a.data.user?.role, b.data.user?.role]).toEqual(["officer", "complainant"]);
    expect(lookups).toHaveBeenCalledTimes(2);
  });

  // Every page, not only the two above: a loader that passed the bare Request (not its context)
  // looked the session up a second time (the reports pages did, found by the benchmark).
  const routes = import.meta.glob<{ loader?: (args: LoaderFunctionArgs) => unknown }>("../../app/routes/*.{ts,tsx}");
  const pathOf = (file: string) =>
    "/" + file.replace(/^.*\/routes\//, "").replace(/\.tsx?$/, "").replace(/(^|\.)_index$/, "").replace(/_(?=\.|$)/g, "").replace(/\[\.\]/g, ".").replace(/\$reference/, reference).replace(/\$\w+/g, "x").replace(/\./g, "/");

  it.each(Object.keys(routes))("is looked up once for %s and the root loader together", async (file) => {
    const { loader } = await routes[file]!();
    if (!loader) return;
    const complainantPage = /routes\/my[._]/.test(file);
    const cookie = (await sessionCookieFor(complainantPage ? complainantId : officerId)).split(";")[0]!;
    const path = pathOf(file);
    const params = new Proxy({} as Record<string, string>, { get: (_, key) => (key === "reference" ? reference : "x") });
    const lookups = vi.spyOn(sessions, "validate");
    const context = {};
    // A page may answer with a redirect or a 404 here (a made-up id): what is counted is the look-ups.
    await Promise.allSettled([
      rootLoader({ request: request(path, cookie), context, params: {} }),
      (async () => loader({ request: request(path, cookie), context, params }))(),
    ]);
    expect(lookups.mock.calls.length).toBe(1);
  });
});
