// Covers the Live filter bar's logic: parsing names, and what the server is asked to filter.
import { describe, expect, it } from "vitest";
import { ALL_KINDS, parseNames, toServerFilters } from "./live-types.ts";

describe("parseNames", () => {
  it("splits on commas, trims, drops empties and repeats", () => {
    expect(parseNames(" signup, purchase ,,signup, ")).toEqual(["signup", "purchase"]);
    expect(parseNames("")).toEqual([]);
  });

  it("keeps at most the 50 names the server accepts", () => {
    const many = Array.from({ length: 60 }, (_, i) => `e${i}`).join(",");
    expect(parseNames(many)).toHaveLength(50);
  });
});

describe("toServerFilters", () => {
  it("sends nothing for an open filter, including every kind", () => {
    expect(toServerFilters({ names: [], userIdentifier: "", kinds: [] })).toEqual({});
    expect(toServerFilters({ names: [], userIdentifier: "", kinds: [...ALL_KINDS] })).toEqual({});
  });

  it("sends each part that narrows the stream", () => {
    expect(
      toServerFilters({ names: ["signup"], userIdentifier: "u1", kinds: ["refused", "dropped"] }),
    ).toEqual({ names: ["signup"], userIdentifier: "u1", kinds: ["refused", "dropped"] });
  });
});
