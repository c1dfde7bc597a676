// A rotated token's label, and the order the Tokens page lists tokens in.
import { describe, expect, it } from "vitest";
import { compareTokens, rotatedTokenLabel } from "./token-label.ts";

const AT = new Date("2026-12-01T14:03:27Z");

describe("rotatedTokenLabel", () => {
  it("keeps the old label and adds when it was rotated", () => {
    expect(rotatedTokenLabel("Default", AT)).toBe("Default (rotated 2026-12-01 14:03 UTC)");
  });

  it("replaces an earlier rotation's time instead of stacking them", () => {
    const once = rotatedTokenLabel("iOS app", new Date("2026-11-02T08:00:00Z"));
    expect(rotatedTokenLabel(once, AT)).toBe("iOS app (rotated 2026-12-01 14:03 UTC)");
    expect(rotatedTokenLabel(rotatedTokenLabel("", AT), AT)).toBe("Rotated 2026-12-01 14:03 UTC");
  });

  it("names an unlabelled token's successor by its rotation alone", () => {
    expect(rotatedTokenLabel("", AT)).toBe("Rotated 2026-12-01 14:03 UTC");
  });

  it("stays within the 100 characters a label may have", () => {
    const label = rotatedTokenLabel("x".repeat(100), AT);
    expect(label).toHaveLength(100);
    expect(label.endsWith("(rotated 2026-12-01 14:03 UTC)")).toBe(true);
  });
});

describe("compareTokens", () => {
  const token = (
    id: string,
    status: "active" | "expiring" | "expired" | "revoked",
    day: number,
  ) => ({
    id,
    status,
    createdAt: new Date(Date.UTC(2026, 11, day)),
  });

  it("lists working tokens first, newest first, then the ones that stopped", () => {
    const tokens = [
      token("old", "expiring", 1),
      token("revoked", "revoked", 4),
      token("newest", "active", 3),
      token("expired", "expired", 2),
    ];
    expect(tokens.sort(compareTokens).map((t) => t.id)).toEqual([
      "newest",
      "old",
      "revoked",
      "expired",
    ]);
  });
});
