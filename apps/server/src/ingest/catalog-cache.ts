import type { EventRow } from "./event-row.ts";

// Most events carry a name and keys their project has received many times before. The
// ingest statement only needs to try inserting the catalogue's name and key rows (which
// decides Live's "new" marks) for those this process has not yet seen committed; the rest
// it skips. Skipping is safe because those rows are only ever removed with their project
// (whose id is never reused): a name once committed stays in the catalogue. Anything that
// removes catalogue rows one day must invalidate this cache too (decision 019).

/** Names and keys each process remembers; past it the memory starts over (and re-probes). */
const KNOWN_ENTRIES = 100_000;

/** What the statement must still probe for each event of a batch, aligned with the events. */
export interface CatalogProbe {
  /** Whether the event's name may be new to its project. */
  nameUnknown: boolean[];
  /** The event's keys that may be new to its name. */
  unknownKeys: string[][];
}

const NO_KEYS: string[] = [];

/**
 * The catalogue names and keys this process has seen committed: per project, per name, its
 * keys (nested maps: no key strings to build on the hot path).
 */
export class KnownCatalog {
  private projects = new Map<string, Map<string, Set<string>>>();
  private entries = 0;

  constructor(private readonly enabled = true) {}

  probe(events: EventRow[]): CatalogProbe {
    const nameUnknown: boolean[] = [];
    const unknownKeys: string[][] = [];
    for (const { projectId, name, customDataKinds } of events) {
      const keys = this.enabled ? this.projects.get(projectId)?.get(name) : undefined;
      nameUnknown.push(keys === undefined);
      let unknown = NO_KEYS;
      for (const key in customDataKinds)
        if (!keys?.has(key)) unknown = unknown === NO_KEYS ? [key] : [...unknown, key];
      unknownKeys.push(unknown);
    }
    return { nameUnknown, unknownKeys };
  }

  /** Call only once the events' statement has committed: their rows now exist. */
  learn(events: Iterable<EventRow>): void {
    if (!this.enabled) return;
    for (const { projectId, name, customDataKinds } of events) {
      let names = this.projects.get(projectId);
      if (!names) this.projects.set(projectId, (names = new Map<string, Set<string>>()));
      let keys = names.get(name);
      if (!keys) {
        names.set(name, (keys = new Set()));
        this.entries++;
      }
      for (const key in customDataKinds)
        if (!keys.has(key)) {
          keys.add(key);
          this.entries++;
        }
    }
    if (this.entries > KNOWN_ENTRIES) {
      // Rare (a flood of distinct names): forgetting only costs probes, never a wrong mark.
      this.projects = new Map();
      this.entries = 0;
    }
  }
}
