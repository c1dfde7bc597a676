import { LruCache } from "@inlet/ingest";
import type { EventRow } from "./event-row.ts";

// Most events carry a name and keys their project has received many times before. The
// ingest statement only needs to try inserting the catalogue's name and key rows (which
// decides Live's "new" marks) for those this process has not yet seen committed; the rest
// it skips. Skipping is safe because those rows are only ever removed with their project
// (whose id is never reused): a name once committed stays in the catalogue. Anything that
// removes catalogue rows one day must invalidate this cache too (decision 019).

/** Names and keys each process remembers; beyond it the oldest are probed again. */
const KNOWN_ENTRIES = 50_000;

/** What the statement must still probe for each event of a batch, aligned with the events. */
export interface CatalogProbe {
  /** Whether the event's name may be new to its project. */
  nameUnknown: boolean[];
  /** The event's keys that may be new to its name, as a JSON array. */
  unknownKeys: string[];
}

const nameKey = (projectId: string, name: string) => `${projectId}\u0000${name}`;
const propertyKey = (projectId: string, name: string, key: string) =>
  `${projectId}\u0000${name}\u0000${key}`;

/** The catalogue names and keys this process has seen committed. */
export class KnownCatalog {
  private readonly known = new LruCache<string, true>(KNOWN_ENTRIES);

  constructor(private readonly enabled = true) {}

  probe(events: EventRow[]): CatalogProbe {
    const nameUnknown: boolean[] = [];
    const unknownKeys: string[] = [];
    for (const { projectId, name, customDataKinds } of events) {
      nameUnknown.push(!this.has(nameKey(projectId, name)));
      const keys = Object.keys(customDataKinds).filter(
        (key) => !this.has(propertyKey(projectId, name, key)),
      );
      unknownKeys.push(keys.length === 0 ? "[]" : JSON.stringify(keys));
    }
    return { nameUnknown, unknownKeys };
  }

  /** Call only once the events' statement has committed: their rows now exist. */
  learn(events: Iterable<EventRow>): void {
    if (!this.enabled) return;
    for (const { projectId, name, customDataKinds } of events) {
      this.known.set(nameKey(projectId, name), true);
      for (const key of Object.keys(customDataKinds))
        this.known.set(propertyKey(projectId, name, key), true);
    }
  }

  private has(key: string): boolean {
    return this.enabled && this.known.get(key) === true;
  }
}
