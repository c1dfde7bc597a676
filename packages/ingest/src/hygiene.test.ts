// Covers NUL/surrogate cleaning, forbidden keys without pollution, and deep nesting refusals.
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_INGEST_LIMITS } from "./limits.ts";
import { cleanText } from "./text.ts";
import { parseTrackRequest } from "./track-request.ts";
import { parseIdentifyRequest, parseUpdateUserRequest } from "./user-requests.ts";

const limits = DEFAULT_INGEST_LIMITS;

describe("cleanText", () => {
  it("removes NUL and replaces lone surrogates, keeping valid pairs", () => {
    expect(cleanText("a\u0000b\u0000")).toBe("ab");
    expect(cleanText("x\uD800y")).toBe("x\uFFFDy");
    expect(cleanText("\uDC00tail")).toBe("\uFFFDtail");
    expect(cleanText("emoji \uD83D\uDE00 ok")).toBe("emoji \uD83D\uDE00 ok");
    expect(cleanText("plain")).toBe("plain");
  });
});

describe("hygiene through the parsers", () => {
  it("cleans every string and key, at any depth", () => {
    const body = {
      name: "sign\u0000up",
      identifier: "u\uD800",
      customData: { "ke\u0000y": "v\u0000", nested: { "a\u0000": ["\uDFFF"] } },
      userData: { set: { "p\u0000": { q: "\u0000r" } }, unset: ["x\u0000"] },
    };
    const result = parseTrackRequest(body, {}, limits);
    expect(result.ok && result.value).toMatchObject({
      name: "signup",
      identifier: "u\uFFFD",
      customData: { key: "v", nested: '{"a":["\uFFFD"]}' },
      userData: { set: { p: { q: "r" } }, unset: ["x"] },
    });
  });

  it("treats a name of only NULs as missing", () => {
    expect(parseTrackRequest({ name: "\u0000\u0000" }, {}, limits)).toEqual({
      ok: false,
      reason: "name is required",
    });
  });
});

describe("forbidden keys", () => {
  afterEach(() => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['{"name":"x","customData":{"__proto__":{"polluted":"yes"}}}', "customData"],
    ['{"name":"x","customData":{"a":{"b":[{"__proto__":{"polluted":1}}]}}}', "customData.a"],
    ['{"name":"x","customData":{"constructor":{"prototype":{"polluted":1}}}}', "customData"],
    ['{"name":"x","userData":{"set":{"__proto__":{"polluted":1}}}}', "userData.set"],
    ['{"name":"x","userData":{"setOnce":{"a":{"prototype":1}}}}', "userData.setOnce.a"],
    ['{"name":"x","userData":{"unset":["__proto__"]}}', "userData.unset"],
  ])("refuses %s", (json, path) => {
    const result = parseTrackRequest(JSON.parse(json), {}, limits);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(`${path} contains the forbidden key`);
  });

  it("refuses them in identify and update bodies too", () => {
    const body: unknown = JSON.parse(
      '{"identifier":"u","data":{"set":{"__proto__":{"polluted":1}}}}',
    );
    expect(parseIdentifyRequest(body, {}, limits).ok).toBe(false);
    expect(parseUpdateUserRequest(body, {}, limits)).toEqual({
      ok: false,
      reason: 'data.set contains the forbidden key "__proto__"',
    });
  });

  it("never lets a top-level __proto__ member act as a field", () => {
    const body: unknown = JSON.parse('{"__proto__":{"name":"evil","polluted":1}}');
    expect(parseTrackRequest(body, {}, limits)).toEqual({ ok: false, reason: "name is required" });
    // Inherited members are not fields either, whatever the prototype holds.
    const inherited: unknown = Object.create({ name: "evil" });
    expect(parseTrackRequest(inherited, {}, limits)).toEqual({
      ok: false,
      reason: "name is required",
    });
  });

  it("builds outputs with ordinary prototypes and own keys only", () => {
    const result = parseTrackRequest({ name: "x", customData: { a: 1 } }, {}, limits);
    if (!result.ok) throw new Error(result.reason);
    expect(Object.getPrototypeOf(result.value.customData)).toBe(Object.prototype);
  });
});

describe("deep nesting", () => {
  it("refuses 100,000 levels of arrays without throwing", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    const body = { name: "x", customData: { a: deep }, userData: { set: { b: deep } } };
    expect(() => parseTrackRequest(body, {}, limits)).not.toThrow();
    expect(parseTrackRequest(body, {}, limits)).toEqual({
      ok: false,
      reason: "customData.a is nested deeper than 16 levels",
    });
  });

  it("handles an array of 100,000 items within the value limit check", () => {
    const wide = Array.from({ length: 100_000 }, () => 0);
    expect(parseTrackRequest({ name: "x", customData: { a: wide } }, {}, limits)).toEqual({
      ok: false,
      reason: "customData.a is longer than 4096 characters",
    });
  });
});
