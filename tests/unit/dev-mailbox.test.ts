import { describe, expect, it } from "vitest";
import { devMailboxSetting, isLoopbackHost } from "../../server/dev-mailbox";

const laptop = { value: undefined, embeddedDatabase: true, host: "127.0.0.1", smtp: false };

describe("the development mailbox", () => {
  it("is on by default only for the embedded database on a loopback address", () => {
    expect(devMailboxSetting(laptop)).toEqual({ on: true, warning: null });
    expect(devMailboxSetting({ ...laptop, host: "::1" }).on).toBe(true);
    expect(devMailboxSetting({ ...laptop, host: "localhost" }).on).toBe(true);
    expect(devMailboxSetting({ ...laptop, host: "0.0.0.0" })).toEqual({ on: false, warning: null });
    expect(devMailboxSetting({ ...laptop, host: "::" }).on).toBe(false);
    expect(devMailboxSetting({ ...laptop, host: "192.0.2.10" }).on).toBe(false);
    expect(devMailboxSetting({ ...laptop, embeddedDatabase: false }).on).toBe(false);
  });

  it("follows an explicit DEV_MAILBOX, and warns when that publishes mail beyond this machine", () => {
    expect(devMailboxSetting({ ...laptop, value: "0" })).toEqual({ on: false, warning: null });
    expect(devMailboxSetting({ ...laptop, value: "1", embeddedDatabase: false })).toEqual({ on: true, warning: null });
    const open = devMailboxSetting({ ...laptop, value: "1", host: "0.0.0.0" });
    expect(open.on).toBe(true);
    expect(open.warning).toMatch(/^WARNING: .*0\.0\.0\.0.*\/dev\/mailbox/);
    // With a mail server the page shows nothing, so there is nothing to warn about.
    expect(devMailboxSetting({ ...laptop, value: "1", host: "0.0.0.0", smtp: true }).warning).toBeNull();
  });

  it("knows loopback addresses", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST", "::ffff:127.0.0.1"]) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ["0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "example.org", ""]) expect(isLoopbackHost(h)).toBe(false);
  });
});
