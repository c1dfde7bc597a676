// Covers cookieless anonymous ids, cookie ids and their validation, and the salt day.
import { describe, expect, it } from "vitest";
import {
  cookielessAnonymousId,
  isValidCookieAnonymousId,
  newCookieAnonymousId,
  saltDay,
} from "./anonymous-id.ts";

const base = {
  projectId: "project-1",
  clientIp: "203.0.113.7",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0",
  salt: "salt-of-the-day",
};

describe("cookielessAnonymousId", () => {
  it("is 16 hex characters and deterministic", () => {
    const id = cookielessAnonymousId(base);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(cookielessAnonymousId({ ...base })).toBe(id);
  });

  it.each([
    ["salt", { salt: "another-salt" }],
    ["ip", { clientIp: "203.0.113.8" }],
    ["user agent", { userAgent: "curl/8.5.0" }],
    ["missing user agent", { userAgent: undefined }],
    ["project", { projectId: "project-2" }],
  ])("changes with the %s", (_label, change) => {
    expect(cookielessAnonymousId({ ...base, ...change })).not.toBe(cookielessAnonymousId(base));
  });

  it("keeps part boundaries unambiguous", () => {
    const a = cookielessAnonymousId({ ...base, projectId: "p1", clientIp: "23.0.0.1" });
    const b = cookielessAnonymousId({ ...base, projectId: "p12", clientIp: "3.0.0.1" });
    expect(a).not.toBe(b);
  });

  it("never contains the raw IP", () => {
    expect(cookielessAnonymousId(base)).not.toContain("203");
  });

  it("accepts a Buffer salt", () => {
    const fromBuffer = cookielessAnonymousId({ ...base, salt: Buffer.from(base.salt) });
    expect(fromBuffer).toBe(cookielessAnonymousId(base));
  });
});

describe("cookie ids", () => {
  it("issues random 22-character base64url ids that validate", () => {
    const ids = new Set(Array.from({ length: 200 }, () => newCookieAnonymousId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(isValidCookieAnonymousId(id)).toBe(true);
  });

  it.each([
    undefined,
    "",
    "short",
    "a".repeat(23),
    "abcdefghijklmnopqrst\u0000v",
    "abcdefghij'; DROP--xyz",
    "0123456789abcdef",
    42,
  ])("rejects %j", (value) => {
    expect(isValidCookieAnonymousId(value)).toBe(false);
  });
});

describe("saltDay", () => {
  it("uses the UTC calendar day", () => {
    expect(saltDay(new Date("2026-03-04T23:59:59.999Z"))).toBe("2026-03-04");
    expect(saltDay(new Date("2026-03-05T00:00:00+02:00"))).toBe("2026-03-04");
  });

  it("refuses an invalid date", () => {
    expect(() => saltDay(new Date("nope"))).toThrow(RangeError);
  });
});
