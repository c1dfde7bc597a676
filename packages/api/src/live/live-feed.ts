import { matchesLiveFilter, type LiveFilter, type LiveItem } from "@inlet/contracts";
import type { LiveBus, LiveForget } from "@inlet/db";
import { LiveHistory, type Stamped, type StoredItems } from "./live-history.ts";

export class LiveFeedClosedError extends Error {
  override name = "LiveFeedClosedError";
  constructor() {
    super("This server is shutting down; reconnect to resume");
  }
}

// Each SSE message costs the server tens of microseconds whatever it carries, so one per
// item could not serve 50 viewers at 1,000 events/s; 40 batches a second per viewer can.
const DEFAULT_BATCH_INTERVAL_MS = 25;

/** A viewer's filter, always within one project. */
export interface LiveFeedFilter extends LiveFilter {
  projectId: string;
}

/** One item of a batch, with the id that resumes right after it. */
export interface LiveFeedItem {
  id: string;
  item: LiveItem;
}

/**
 * What a subscriber receives: the items that arrived together, with the id that resumes
 * after all of them (and after repeats left out), or a skipped-items notice.
 */
export type LiveEntry =
  | { type: "items"; id: string; items: LiveFeedItem[] }
  | { type: "missed"; id: string; count: number };

export interface StreamOptions {
  /** Resume after this id; without one the stream opens with recent history. */
  lastEventId?: string | null | undefined;
  signal?: AbortSignal | undefined;
  /** Stored items for the opening history; repeats of kept ones are dropped by itemId. */
  stored?: StoredItems;
}

export interface LiveFeedOptions {
  /** Recent items kept for reconnecting viewers. */
  historySize?: number;
  /** Items a viewer may fall behind before the oldest are skipped (and counted). */
  subscriberBuffer?: number;
  /**
   * Least time between two batches to one viewer. The first item after a quiet spell goes
   * at once; under load, what arrives meanwhile waits and goes as one message.
   */
  batchIntervalMs?: number;
  /** The clock (epoch ms): times items whose own time cannot be read, and dates the history. */
  now?: () => number;
}

function matches(filter: LiveFeedFilter, item: LiveItem): boolean {
  return item.projectId === filter.projectId && matchesLiveFilter(filter, item);
}

/**
 * This process's view of the live channel: a bounded history for opening and resuming
 * streams (see LiveHistory), and a bounded queue per viewer.
 */
export class LiveFeed {
  private readonly history: LiveHistory;
  private readonly listeners = new Set<(stamped: Stamped) => void>();
  private closed = false;
  private readonly wakers = new Set<() => void>();
  readonly subscriberBuffer: number;
  private readonly batchIntervalMs: number;
  private readonly unsubscribe: () => void;
  private readonly unsubscribeForget: () => void;

  constructor(
    private readonly bus: LiveBus,
    options: LiveFeedOptions = {},
  ) {
    this.history = new LiveHistory(options.historySize ?? 5_000, options.now ?? Date.now);
    this.subscriberBuffer = options.subscriberBuffer ?? 1_000;
    this.batchIntervalMs = options.batchIntervalMs ?? DEFAULT_BATCH_INTERVAL_MS;
    this.unsubscribe = bus.subscribe((item) => {
      const stamped = this.history.add(item);
      for (const listener of this.listeners) listener(stamped);
    });
    this.unsubscribeForget = bus.subscribeForget((notice) => this.history.forget(notice));
  }

  /** Makes every process's history forget a deleted user's items (see LiveHistory.forget). */
  forgetUser(notice: LiveForget): void {
    this.bus.forget(notice);
  }

  /** Ends every open stream (so a shutting-down server is not held open by viewers). */
  close(): void {
    this.closed = true;
    this.unsubscribe();
    this.unsubscribeForget();
    this.listeners.clear();
    for (const wake of this.wakers) wake();
  }

  /** Streams a project's matching items until `signal` aborts (see StreamOptions). */
  stream(filter: LiveFeedFilter, options: StreamOptions = {}): AsyncGenerator<LiveEntry> {
    return this.streamWhere((item) => matches(filter, item), options);
  }

  /** Streams the items `wanted` accepts, opening with recent history or resuming. */
  async *streamWhere(
    wanted: (item: LiveItem) => boolean,
    { lastEventId, signal, stored }: StreamOptions = {},
  ): AsyncGenerator<LiveEntry> {
    const queue: Stamped[] = [];
    let missed = 0;
    let missedId = "";
    let wake: (() => void) | null = null;
    const push = (stamped: Stamped) => {
      if (!wanted(stamped.item)) return;
      queue.push(stamped);
      if (queue.length > this.subscriberBuffer) {
        const skipped = queue.shift();
        missed++;
        if (skipped) missedId = this.history.idOf(skipped);
      }
      // Only a viewer waiting for its first item is woken; one pausing between batches is not.
      if (queue.length === 1) wake?.();
    };
    // Subscribing and reading history in one synchronous step leaves no gap between them.
    this.listeners.add(push);
    const opening = lastEventId ? null : this.history.opening(wanted, stored);
    if (lastEventId) {
      const { items, lost } = this.history.replay(lastEventId);
      missed += lost;
      if (lost > 0) missedId = lastEventId;
      for (const stamped of items) push(stamped);
    }
    const onAbort = () => wake?.();
    signal?.addEventListener("abort", onAbort);
    this.wakers.add(onAbort);
    const sleep = (ms?: number) =>
      new Promise<void>((resolve) => {
        wake = resolve;
        if (ms !== undefined) setTimeout(resolve, ms);
      }).finally(() => (wake = null));
    try {
      // Items shown in the opening history, so the live part does not repeat them.
      const shown = new Set<string>();
      const history = await opening;
      if (history) {
        for (const stamped of history.items) shown.add(stamped.item.itemId);
        yield this.batchOf(history.items, history.id);
      }
      let lastBatchAt = -Infinity;
      while (!signal?.aborted && !this.closed) {
        if (missed > 0) {
          yield { type: "missed", id: missedId, count: missed };
          missed = 0;
          continue;
        }
        if (queue.length === 0) {
          await sleep();
          continue;
        }
        const wait = lastBatchAt + this.batchIntervalMs - performance.now();
        if (wait > 0) {
          await sleep(wait);
          continue;
        }
        const taken = queue.splice(0);
        const fresh = taken.filter((stamped) => !shown.delete(stamped.item.itemId));
        lastBatchAt = performance.now();
        // A batch of repeats only is not sent; the next batch's id covers them.
        const last = taken.at(-1);
        if (last && fresh.length > 0) yield this.batchOf(fresh, this.history.idOf(last));
      }
      // Closing is a server going away, not the end of the stream: viewers should resume.
      if (this.closed && !signal?.aborted) throw new LiveFeedClosedError();
    } finally {
      this.listeners.delete(push);
      this.wakers.delete(onAbort);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  private batchOf(stamped: Stamped[], id: string): LiveEntry {
    const items = stamped.map((s) => ({ id: this.history.idOf(s), item: s.item }));
    return { type: "items", id, items };
  }
}
