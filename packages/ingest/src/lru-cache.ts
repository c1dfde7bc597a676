/**
 * A small least-recently-used cache on top of Map's insertion order. User-Agent parsing
 * runs on every ingested request while only a few hundred distinct agents are common, so
 * memoising pays; the bound keeps a flood of unique agents from growing memory.
 */
export class LruCache<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #maxEntries: number;

  constructor(maxEntries: number) {
    this.#maxEntries = Math.max(1, Math.floor(maxEntries));
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    // One lookup on the hot path; `has` only tells a stored undefined from a miss.
    if (value === undefined && !this.#entries.has(key)) return undefined;
    // Re-inserting moves the key to the young end of the iteration order.
    this.#entries.delete(key);
    this.#entries.set(key, value as V);
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  /** Returns the cached value, computing and storing it on a miss. */
  getOrCompute(key: K, compute: (key: K) => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    this.set(key, value);
    return value;
  }
}
