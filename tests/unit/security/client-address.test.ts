import { describe, expect, it } from "vitest";
import { clientAddressFrom, clientKeyOf, networkOf, normalizeAddress, trustedProxyCount } from "../../../app/security/client-address";

describe("client address", () => {
  it("ignores X-Forwarded-For unless TRUST_PROXY says a proxy of ours writes it", () => {
    expect(clientAddressFrom("10.0.0.5", "203.0.113.9", trustedProxyCount(undefined))).toBe("10.0.0.5");
    expect(clientAddressFrom("10.0.0.5", "203.0.113.9", trustedProxyCount("false"))).toBe("10.0.0.5");
    expect(clientAddressFrom("10.0.0.5", "203.0.113.9", trustedProxyCount("true"))).toBe("203.0.113.9");
  });

  it("believes only the entries our proxies appended, not what the client put in front", () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; our one proxy appended the real peer.
    expect(clientAddressFrom("10.0.0.5", "1.2.3.4, 203.0.113.9", 1)).toBe("203.0.113.9");
    expect(clientAddressFrom("10.0.0.5", "1.2.3.4, 203.0.113.9, 10.0.0.7", 2)).toBe("203.0.113.9");
    // Fewer entries than proxies: the leftmost there is.
    expect(clientAddressFrom("10.0.0.5", undefined, 1)).toBe("10.0.0.5");
  });

  it("normalizes IPv4-mapped, bracketed and zoned addresses and refuses garbage", () => {
    expect(normalizeAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeAddress("[2001:db8::1]")).toBe("2001:db8::1");
    expect(normalizeAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeAddress("evil, 1.2.3.4")).toBeNull();
    expect(clientAddressFrom("10.0.0.5", "not-an-ip", 1)).toBeNull();
  });

  it("groups addresses into /24 and /64 networks", () => {
    expect(networkOf("192.0.2.77")).toBe("192.0.2.0/24");
    expect(networkOf("2001:db8:a:b:1:2:3:4")).toBe("2001:db8:a:b::/64");
    expect(networkOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(networkOf("2001:0db8:0000:0001::ff")).toBe("2001:db8:0:1::/64");
  });

  it("counts one client as an IPv4 address, or as the /64 of an IPv6 one", () => {
    expect(clientKeyOf("192.0.2.77")).toBe("192.0.2.77");
    expect(clientKeyOf("2001:db8:a:b:1:2:3:4")).toBe("2001:db8:a:b::/64");
    expect(clientKeyOf("2001:db8:a:b::ffff")).toBe(clientKeyOf("2001:db8:a:b:1:2:3:4"));
    expect(clientKeyOf("2001:db8:a:c::1")).not.toBe(clientKeyOf("2001:db8:a:b::1"));
  });
});
