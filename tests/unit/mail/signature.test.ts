import { describe, expect, it } from "vitest";
import { signInboundMail, verifyInboundSignature } from "../../../app/mail/inbound/signature";

const secret = "s3cret-for-tests";
const body = Buffer.from("From: a@example.org\r\n\r\nhello\r\n");
const now = 1_800_000_000;

describe("verifyInboundSignature", () => {
  it("accepts the signature of the same body within five minutes either way", () => {
    for (const t of [now, now - 300, now + 300]) expect(verifyInboundSignature(signInboundMail(secret, body, t), body, secret, now)).toEqual({ ok: true });
  });

  it("refuses a stale or future time", () => {
    expect(verifyInboundSignature(signInboundMail(secret, body, now - 301), body, secret, now)).toEqual({ ok: false, reason: "stale" });
    expect(verifyInboundSignature(signInboundMail(secret, body, now + 301), body, secret, now)).toEqual({ ok: false, reason: "stale" });
  });

  it("refuses another body, another secret, or a time changed after signing", () => {
    const header = signInboundMail(secret, body, now);
    expect(verifyInboundSignature(header, Buffer.from("From: b@example.org\r\n\r\nhello\r\n"), secret, now)).toEqual({ ok: false, reason: "wrong" });
    expect(verifyInboundSignature(header, body, "other", now)).toEqual({ ok: false, reason: "wrong" });
    expect(verifyInboundSignature(header.replace(`t=${now}`, `t=${now + 1}`), body, secret, now)).toEqual({ ok: false, reason: "wrong" });
  });

  it("refuses a missing or malformed header", () => {
    expect(verifyInboundSignature(null, body, secret, now)).toEqual({ ok: false, reason: "missing" });
    expect(verifyInboundSignature("", body, secret, now)).toEqual({ ok: false, reason: "missing" });
    const good = signInboundMail(secret, body, now);
    const v1 = good.split("v1=")[1]!;
    for (const header of ["v1=" + v1, `t=${now}`, `t=abc,v1=${v1}`, `t=${now},v1=xyz`, `t=${now},v1=${v1.slice(2)}`, `t=${now}, t=${now},v1=${v1}`, "garbage", "x".repeat(5000)]) {
      expect(verifyInboundSignature(header, body, secret, now), header.slice(0, 40)).toMatchObject({ ok: false, reason: "malformed" });
    }
  });

  it("accepts when any of several v1 values matches (secret rotation)", () => {
    const good = signInboundMail(secret, body, now);
    const other = signInboundMail("old-secret", body, now).split(",")[1]!;
    expect(verifyInboundSignature(`${good},${other}`, body, secret, now)).toEqual({ ok: true });
    expect(verifyInboundSignature(`t=${now},${other}`, body, secret, now)).toEqual({ ok: false, reason: "wrong" });
  });
});
