// Covers how a sent property value is classified as text, number, boolean or JSON, and which keys get a kind.
import { describe, expect, it } from "vitest";
import { parseCustomData } from "./custom-data.ts";
import { DEFAULT_INGEST_LIMITS } from "./limits.ts";
import { customDataKinds, valueKind } from "./value-kind.ts";

describe("valueKind", () => {
  it("names the JSON type a client sent", () => {
    expect(valueKind("pro")).toBe("text");
    expect(valueKind("")).toBe("text");
    expect(valueKind("42")).toBe("text");
    expect(valueKind(42)).toBe("number");
    expect(valueKind(-0.5)).toBe("number");
    expect(valueKind(true)).toBe("boolean");
    expect(valueKind(false)).toBe("boolean");
    expect(valueKind({ a: 1 })).toBe("json");
    expect(valueKind([])).toBe("json");
  });

  it("gives no kind to values that are not stored", () => {
    expect(valueKind(null)).toBeNull();
    expect(valueKind(undefined)).toBeNull();
  });
});

describe("customDataKinds", () => {
  const kindsOf = (raw: Record<string, unknown>) => {
    const parsed = parseCustomData(raw, DEFAULT_INGEST_LIMITS);
    if (!parsed.ok) throw new Error(parsed.reason);
    return customDataKinds(raw, parsed.value);
  };

  it("classifies every stored key by the value sent, though all are stored as text", () => {
    expect(
      kindsOf({ plan: "pro", price: 9.5, trial: false, cart: { items: 2 }, tags: ["a"] }),
    ).toEqual({ plan: "text", price: "number", trial: "boolean", cart: "json", tags: "json" });
  });

  it("leaves out keys whose null value dropped them", () => {
    expect(kindsOf({ coupon: null, kept: "" })).toEqual({ kept: "text" });
  });

  it("matches keys as they were cleaned for storage", () => {
    expect(kindsOf({ "a\u0000b": 1 })).toEqual({ ab: "number" });
  });

  it("has nothing for a missing or non-object customData", () => {
    expect(customDataKinds(undefined, {})).toEqual({});
    expect(customDataKinds([1], {})).toEqual({});
  });
});
