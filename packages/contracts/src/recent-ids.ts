/**
 * The ids of the live items seen most recently. Live may deliver an item twice (a replay
 * after a lost connection repeats what may have been missed), and each item's `itemId` is
 * unique, so whoever delivers or shows items drops the repeats by remembering their ids.
 *
 * It holds at least `bound / 2` and at most `bound` ids, a generation at a time: when the
 * young set is full it becomes the old one, and the previous old one is dropped whole.
 * Evicting the oldest id on every new one instead (a delete, then an iterator that skips
 * every deleted entry from the start of the set) cost 15 µs per id at 50,000 ids, about
 * 8 µs of the server's CPU per ingested event (docs/performance.md, "Live's remembered ids").
 */
export class RecentIds {
  #young = new Set<string>();
  #old = new Set<string>();
  readonly #generationSize: number;

  constructor(bound: number) {
    this.#generationSize = Math.max(1, Math.floor(bound / 2));
  }

  has(id: string): boolean {
    return this.#young.has(id) || this.#old.has(id);
  }

  /** Remembers the id; true when it was not remembered already. */
  remember(id: string): boolean {
    if (this.has(id)) return false;
    if (this.#young.size >= this.#generationSize) {
      this.#old = this.#young;
      this.#young = new Set();
    }
    this.#young.add(id);
    return true;
  }
}
