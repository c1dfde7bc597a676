import { EventEmitter } from "node:events";

/** What the live stream shows: stored events, and requests that were refused or dropped. */
export type LiveItem = AcceptedItem | RejectedItem;

interface ItemIdentity {
  /** Unique across processes (an accepted item uses its event's id), so viewers can drop repeats. */
  itemId: string;
}

export interface AcceptedItem extends ItemIdentity {
  kind: "accepted";
  projectId: string;
  /** Null for identifications and user updates, which store no event. */
  eventId: string | null;
  name: string;
  url: string | null;
  userIdentifier: string | null;
  anonymousId: string;
  /** Null when too large to travel between processes; the stored event has it all. */
  customData: Record<string, string> | null;
  at: string;
}

export interface RejectedItem extends ItemIdentity {
  kind: "refused" | "dropped";
  /** Null when the token did not lead to a project. */
  projectId: string | null;
  status: number;
  reason: string;
  token: string | null;
  path: string;
  /** Read from the body when it could be parsed, so name and user filters apply here too. */
  name: string | null;
  userIdentifier: string | null;
  excerpt: string;
  at: string;
}

export interface LiveBus {
  publish(item: LiveItem): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (item: LiveItem) => void): () => void;
  close(): Promise<void>;
}

/** In-process delivery only: enough for PGlite, where one process owns the database. */
export function createLocalLiveBus(): LiveBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (item) => emitter.emit("item", item),
    subscribe(listener) {
      emitter.on("item", listener);
      return () => emitter.off("item", listener);
    },
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}
