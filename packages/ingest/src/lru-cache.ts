/**
 * A bounded cache that evicts the least recently used entries, a generation at a time.
 * User-Agent parsing, visitor ids, tokens and rate buckets are looked up on every ingested
 * request while few distinct keys are common, so memoising pays; the bound keeps a flood
 * of unique keys from growing memory.
 *
 * Entries live in a young and an old generation of at most half the bound each. A hit in
 * the young one is one Map lookup; a hit in the old one moves the entry to the young one.
 * When the young one is full it becomes the old one, and the entries of the previous old
 * one, none of them used since, are dropped together. An exact LRU re-inserts the key on
 * every hit instead (a delete and a set per read, and the Map's rehashing after them).
 */
export class LruCache<K, V> {
  #young = new Map<K, V>();
  #old = new Map<K, V>();
  readonly #generationSize: number;

  /** Holds at most `maxEntries` (2 for a bound below 2). */
  constructor(maxEntries: number) {
    this.#generationSize = Math.max(1, Math.floor(maxEntries / 2));
  }

  get size(): number {
    return this.#young.size + this.#old.size;
  }

  get(key: K): V | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old !== undefined) {
      this.#old.delete(key);
      this.#keep(key, old);
    }
    return old;
  }

  set(key: K, value: V): void {
    if (this.#young.has(key)) {
      this.#young.set(key, value);
      return;
    }
    this.#old.delete(key);
    this.#keep(key, value);
  }

  /** Returns the cached value, computing and storing it on a miss. */
  getOrCompute(key: K, compute: (key: K) => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    this.set(key, value);
    return value;
  }

  #keep(key: K, value: V): void {
    if (this.#young.size >= this.#generationSize) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }
}
