// Covers LruCache: its bound, what it keeps (what was used lately) and what it drops.
import { describe, expect, it } from "vitest";
import { LruCache } from "./lru-cache.ts";

describe("LruCache", () => {
  it("keeps at most maxEntries and evicts the least recently used", () => {
    const cache = new LruCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect(cache.size).toBe(2);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.getOrCompute("d", () => 4)).toBe(4);
    expect(cache.get("c")).toBeUndefined();
  });

  it("never holds more than its bound, whatever the keys", () => {
    for (const bound of [1, 2, 3, 10, 101]) {
      const cache = new LruCache<number, number>(bound);
      for (let key = 0; key < 1_000; key++) {
        cache.set(key, key);
        if (key % 3 === 0) cache.get(key - 1);
        expect(cache.size).toBeLessThanOrEqual(Math.max(bound, 2));
      }
    }
  });

  it("keeps a key read between every insertion of others", () => {
    const cache = new LruCache<string, number>(10);
    cache.set("hot", 1);
    for (let other = 0; other < 1_000; other++) {
      cache.set(`key-${other}`, other);
      expect(cache.get("hot")).toBe(1);
    }
  });

  it("drops a key once as many other keys as its bound came after its last use", () => {
    const cache = new LruCache<string, number>(10);
    cache.set("cold", 1);
    for (let other = 0; other < 4; other++) cache.set(`key-${other}`, other);
    // Within half the bound it is still there, and reading it counts as a use.
    expect(cache.get("cold")).toBe(1);
    for (let other = 0; other < 10; other++) cache.set(`later-${other}`, other);
    expect(cache.get("cold")).toBeUndefined();
  });

  it("replaces a value in place and computes a missing one once", () => {
    const cache = new LruCache<string, number>(4);
    cache.set("a", 1);
    cache.set("a", 2);
    expect(cache.get("a")).toBe(2);
    expect(cache.size).toBe(1);
    let computed = 0;
    const compute = () => ++computed;
    expect(cache.getOrCompute("b", compute)).toBe(1);
    expect(cache.getOrCompute("b", compute)).toBe(1);
    expect(computed).toBe(1);
  });
});
