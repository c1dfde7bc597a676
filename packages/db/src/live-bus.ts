import { EventEmitter } from "node:events";
import type { LiveItem } from "@inlet/contracts";

/**
 * How long after being received (and timed) an item may still be published: its commit
 * comes first, within the longest answer a request may wait for (a token lookup's 3 s, then
 * a batch's 25 s deadline), with room to spare. A write that outlasts its deadline is
 * answered 503 and shows live if it commits later, but only within this margin (the
 * server's responder). Whoever reasons about items that may still be on their way (a
 * process replaying what it missed while disconnected, a viewer's opening or resume)
 * allows this much.
 */
export const PUBLISH_LAG_MARGIN_MS = 40_000;

/** A deleted user: every process's Live history drops the items that were theirs. */
export interface LiveForget {
  projectId: string;
  identifier: string;
  /** Visitors linked to the user when deleted: their unnamed items were the user's too. */
  anonymousIds: string[];
}

export interface LiveBus {
  publish(item: LiveItem): void;
  /**
   * Resolves once every item published so far has reached each process that listens (or
   * failed to, which was reported): a reply sent after it cannot outlive its Live item.
   */
  settled(): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: (item: LiveItem) => void): () => void;
  /** Tells every process (this one included) to forget a deleted user's items. */
  forget(notice: LiveForget): void;
  subscribeForget(listener: (notice: LiveForget) => void): () => void;
  close(): Promise<void>;
}

/** In-process delivery only: enough for PGlite, where one process owns the database. */
export function createLocalLiveBus(): LiveBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (item) => emitter.emit("item", item),
    settled: () => Promise.resolve(),
    subscribe(listener) {
      emitter.on("item", listener);
      return () => emitter.off("item", listener);
    },
    forget: (notice) => emitter.emit("forget", notice),
    subscribeForget(listener) {
      emitter.on("forget", listener);
      return () => emitter.off("forget", listener);
    },
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}
