// Covers parseUserDataOps: the set/setOnce/unset shape, type checks and limits.
import { describe, expect, it } from "vitest";
import { DEFAULT_INGEST_LIMITS, MAX_JSON_DEPTH } from "./limits.ts";
import { parseUserDataOps } from "./user-data.ts";

const limits = DEFAULT_INGEST_LIMITS;

function reasonOf(value: unknown): string {
  const result = parseUserDataOps(value, "userData", limits);
  if (result.ok) throw new Error("expected a refusal");
  return result.reason;
}

describe("shape", () => {
  it("is null when absent and fills missing parts with empties", () => {
    expect(parseUserDataOps(undefined, "userData", limits)).toEqual({ ok: true, value: null });
    expect(parseUserDataOps(null, "userData", limits)).toEqual({ ok: true, value: null });
    expect(parseUserDataOps({}, "userData", limits)).toEqual({
      ok: true,
      value: { set: {}, setOnce: {}, unset: [] },
    });
  });

  it("keeps JSON types of values, including null and nested structures", () => {
    const value = {
      set: { plan: "pro", seats: 3, active: true, tags: ["a", "b"], address: { city: "Oslo" } },
      setOnce: { referrer: null },
      unset: ["trial", "trial", "legacy"],
      ignored: 1,
    };
    expect(parseUserDataOps(value, "userData", limits)).toEqual({
      ok: true,
      value: {
        set: { plan: "pro", seats: 3, active: true, tags: ["a", "b"], address: { city: "Oslo" } },
        setOnce: { referrer: null },
        unset: ["trial", "legacy"],
      },
    });
  });
});

describe("validation", () => {
  it.each([
    ["string", "userData must be an object"],
    [[1], "userData must be an object"],
    [{ set: [] }, "userData.set must be an object"],
    [{ setOnce: "x" }, "userData.setOnce must be an object"],
    [{ unset: "plan" }, "userData.unset must be an array of strings"],
    [{ unset: ["ok", 3] }, "userData.unset must be an array of strings"],
    [{ unset: [""] }, "userData.unset contains an empty key"],
    [{ set: { "": 1 } }, "userData.set contains an empty key"],
    [{ set: { v: "x".repeat(4097) } }, "userData.set.v is longer than 4096 characters"],
    [{ set: { v: ["x".repeat(4094)] } }, "userData.set.v is longer than 4096 characters"],
  ])("%j -> %s", (value, reason) => {
    expect(reasonOf(value)).toBe(reason);
  });

  it("limits each part to customDataMaxKeys keys", () => {
    const keys = Array.from({ length: 101 }, (_, i) => `k${i}`);
    const map = Object.fromEntries(keys.map((k) => [k, 1]));
    expect(reasonOf({ set: map })).toBe("userData.set has more than 100 keys");
    expect(reasonOf({ setOnce: map })).toBe("userData.setOnce has more than 100 keys");
    expect(reasonOf({ unset: keys })).toBe("userData.unset has more than 100 keys");
  });

  it("limits key length at any depth", () => {
    expect(reasonOf({ set: { a: { ["k".repeat(101)]: 1 } } })).toBe(
      "userData.set.a has a key longer than 100 characters",
    );
  });

  it("accepts nesting up to MAX_JSON_DEPTH and refuses one level more", () => {
    const nest = (levels: number): unknown => {
      let value: unknown = "leaf";
      for (let i = 0; i < levels; i += 1) value = { n: value };
      return value;
    };
    expect(parseUserDataOps({ set: { a: nest(MAX_JSON_DEPTH) } }, "data", limits).ok).toBe(true);
    expect(parseUserDataOps({ set: { a: nest(MAX_JSON_DEPTH + 1) } }, "data", limits)).toEqual({
      ok: false,
      reason: `data.set.a is nested deeper than ${MAX_JSON_DEPTH} levels`,
    });
  });
});
