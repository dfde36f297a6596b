import { isIP } from "node:net";

// Who is knocking: the client's address as far as we may believe it, and the network it is in.

/**
 * TRUST_PROXY says how many proxies of ours stand in front of the app (a load balancer: 1).
 * Each appends the address it saw to X-Forwarded-For, so only the last that many entries were
 * written by us; anything further left came from the client and may be invented. Unset, "0" or
 * "false": the header is ignored and the socket's peer is the client. "true" means 1.
 */
export function trustedProxyCount(value: string | undefined): number {
  const v = value?.trim().toLowerCase();
  if (!v || v === "false" || v === "0") return 0;
  if (v === "true") return 1;
  const n = Number.parseInt(v, 10);
  return Number.isSafeInteger(n) && n > 0 ? Math.min(n, 10) : 0;
}

export function clientAddressFrom(remoteAddress: string | undefined | null, forwardedFor: string | undefined | null, proxies: number): string | null {
  const chain = [
    ...(proxies > 0 && forwardedFor ? forwardedFor.split(",").map((s) => s.trim()).filter(Boolean) : []),
    ...(remoteAddress ? [remoteAddress] : []),
  ];
  // The socket's peer is the nearest proxy; each proxy hop moves one entry to the left.
  const candidate = chain[Math.max(0, chain.length - 1 - proxies)];
  return candidate ? normalizeAddress(candidate) : null;
}

/** The plain address, or null when it is not an IP address (a proxy may write garbage). */
export function normalizeAddress(address: string): string | null {
  let a = address.trim();
  if (a.startsWith("[") && a.includes("]")) a = a.slice(1, a.indexOf("]"));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) a = mapped[1]!;
  const zone = a.indexOf("%");
  if (zone > 0) a = a.slice(0, zone);
  return isIP(a) ? a.toLowerCase() : null;
}

/**
 * The network a request comes from, for throttles that one person cannot dodge by changing
 * address: the /24 of an IPv4 address, the /64 of an IPv6 one (what a home or a host usually gets).
 */
export function networkOf(address: string): string {
  if (isIP(address) === 4) return `${address.split(".").slice(0, 3).join(".")}.0/24`;
  if (isIP(address) === 6) return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
  return address;
}

/**
 * What counts as one client in the throttles: an IPv4 address as it is, an IPv6 address by its
 * /64, since one host is usually given a whole /64 and may send from any address in it.
 */
export function clientKeyOf(address: string): string {
  return isIP(address) === 6 ? networkOf(address) : address;
}

function expandIPv6(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill("0"), ...right].map((h) => h.replace(/^0+(?=.)/, "").toLowerCase());
}
