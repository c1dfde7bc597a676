// RecentIds: which ids it still recognises as repeats, and that its bound holds.
import { describe, expect, it } from "vitest";
import { RecentIds } from "./recent-ids.ts";

const idsUpTo = (count: number) => Array.from({ length: count }, (_, i) => `item-${i + 1}`);

describe("RecentIds", () => {
  it("tells a repeat from a new id", () => {
    const recent = new RecentIds(10);
    expect(recent.remember("a")).toBe(true);
    expect(recent.remember("a")).toBe(false);
    expect(recent.has("a")).toBe(true);
    expect(recent.has("b")).toBe(false);
  });

  it("keeps the latest generations and forgets the oldest one whole", () => {
    const recent = new RecentIds(10);
    const ids = idsUpTo(23);
    for (const id of ids) recent.remember(id);
    // Generations of 5: items 1–15 went in two rollovers, 16–20 are old, 21–23 young.
    expect(ids.filter((id) => recent.has(id))).toEqual(ids.slice(15));
  });

  it("does not count a repeat towards a generation", () => {
    const recent = new RecentIds(4);
    for (const id of ["a", "b", "a", "b", "a"]) recent.remember(id);
    recent.remember("c");
    expect(["a", "b", "c"].every((id) => recent.has(id))).toBe(true);
  });

  it("never holds more than its bound", () => {
    const recent = new RecentIds(10);
    const ids = idsUpTo(1_000);
    for (const id of ids) recent.remember(id);
    // 1,000 is a whole number of generations: the last two, full, are all that is left.
    expect(ids.filter((id) => recent.has(id))).toEqual(ids.slice(990));
  });
});
