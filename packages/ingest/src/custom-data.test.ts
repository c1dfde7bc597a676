// Covers how customData values become text, what null does, and the customData limits.
import { describe, expect, it } from "vitest";
import { parseCustomData } from "./custom-data.ts";
import { DEFAULT_INGEST_LIMITS } from "./limits.ts";

const limits = DEFAULT_INGEST_LIMITS;

describe("value conversion", () => {
  it("stores strings as is, numbers and booleans as their text", () => {
    const result = parseCustomData({ s: "pro", n: 99.99, i: -3, z: 0, t: true, f: false }, limits);
    expect(result).toEqual({
      ok: true,
      value: { s: "pro", n: "99.99", i: "-3", z: "0", t: "true", f: "false" },
    });
  });

  it("stores objects and arrays as JSON text", () => {
    const result = parseCustomData({ o: { a: [1, "x", null] }, a: [], e: {} }, limits);
    expect(result).toEqual({ ok: true, value: { o: '{"a":[1,"x",null]}', a: "[]", e: "{}" } });
  });

  it("drops keys whose value is null or undefined", () => {
    const result = parseCustomData({ coupon: null, gone: undefined, kept: "" }, limits);
    expect(result).toEqual({ ok: true, value: { kept: "" } });
  });

  it("treats an absent or null customData as empty", () => {
    expect(parseCustomData(undefined, limits)).toEqual({ ok: true, value: {} });
    expect(parseCustomData(null, limits)).toEqual({ ok: true, value: {} });
  });
});

describe("limits", () => {
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

  it("accepts exactly 100 keys and refuses 101", () => {
    expect(parseCustomData(many(100), limits).ok).toBe(true);
    expect(parseCustomData(many(101), limits)).toEqual({
      ok: false,
      reason: "customData has more than 100 keys",
    });
  });

  it("bounds key length and refuses empty keys", () => {
    expect(parseCustomData({ ["k".repeat(100)]: 1 }, limits).ok).toBe(true);
    expect(parseCustomData({ ["k".repeat(101)]: 1 }, limits)).toEqual({
      ok: false,
      reason: `customData key "${"k".repeat(40)}..." is longer than 100 characters`,
    });
    expect(parseCustomData({ "": 1 }, limits)).toEqual({
      ok: false,
      reason: "customData contains an empty key",
    });
  });

  it("bounds the stored text of a value, including JSON text", () => {
    expect(parseCustomData({ v: "x".repeat(4096) }, limits).ok).toBe(true);
    expect(parseCustomData({ v: "x".repeat(4097) }, limits)).toEqual({
      ok: false,
      reason: "customData.v is longer than 4096 characters",
    });
    expect(parseCustomData({ v: ["x".repeat(4094)] }, limits)).toEqual({
      ok: false,
      reason: "customData.v is longer than 4096 characters",
    });
  });

  it("keeps reasons ASCII even for non-ASCII keys", () => {
    const result = parseCustomData({ ["é".repeat(101)]: 1 }, limits);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^[\x20-\x7E]+$/);
  });

  it("refuses values JSON cannot carry", () => {
    expect(parseCustomData({ v: Number.NaN }, limits)).toEqual({
      ok: false,
      reason: "customData.v must be a finite number",
    });
    expect(parseCustomData({ v: () => 1 }, limits)).toEqual({
      ok: false,
      reason: "customData.v has an unsupported value type",
    });
  });
});
