import { randomUUID } from "node:crypto";
import { matchesLiveFilter, type LiveFilter, type LiveItem } from "@inlet/contracts";
import type { LiveBus, LiveForget } from "@inlet/db";

export class LiveFeedClosedError extends Error {
  override name = "LiveFeedClosedError";
  constructor() {
    super("This server is shutting down; reconnect to resume");
  }
}

// Longer than an event waits between being timed (received) and being published (committed).
const PUBLISH_LAG_MARGIN_MS = 5_000;
/** What a newly opened stream shows first: the items of the last minutes, at most this many. */
export const OPENING_WINDOW_MS = 15 * 60_000;
export const OPENING_ITEMS = 100;
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

interface Stamped {
  seq: number;
  atMs: number;
  item: LiveItem;
}

export interface StreamOptions {
  /** Resume after this id; without one the stream opens with recent history. */
  lastEventId?: string | null | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Stored items (events from the database) for the opening history, newest first: they
   * cover what happened before this process started. Repeats are dropped by itemId.
   */
  stored?: (sinceMs: number, limit: number) => Promise<LiveItem[]>;
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
  /** Times items whose own time cannot be read (epoch milliseconds). */
  now?: () => number;
}

function matches(filter: LiveFeedFilter, item: LiveItem): boolean {
  return item.projectId === filter.projectId && matchesLiveFilter(filter, item);
}

/**
 * This process's view of the live channel: numbers every item, keeps a bounded history
 * for resuming after a reconnect, and gives each viewer a bounded queue.
 * Event ids are `feed.seq.time`: exact resumption on the same process; on another one,
 * a replay by time that may repeat items (each carries a unique itemId) but skips none
 * still in history.
 */
export class LiveFeed {
  private readonly feedId = randomUUID().slice(0, 8);
  private readonly history: Stamped[] = [];
  private readonly listeners = new Set<(stamped: Stamped) => void>();
  private seq = 0;
  /**
   * Receive time since which every published item reached this feed, so the database has
   * nothing to add: what it holds from then on is in the history or still on its way.
   */
  private completeSinceMs: number;
  private closed = false;
  private readonly wakers = new Set<() => void>();
  private readonly historySize: number;
  readonly subscriberBuffer: number;
  private readonly batchIntervalMs: number;
  private readonly now: () => number;
  private readonly unsubscribe: () => void;
  private readonly unsubscribeForget: () => void;

  constructor(
    private readonly bus: LiveBus,
    options: LiveFeedOptions = {},
  ) {
    this.historySize = options.historySize ?? 5_000;
    this.subscriberBuffer = options.subscriberBuffer ?? 1_000;
    this.batchIntervalMs = options.batchIntervalMs ?? DEFAULT_BATCH_INTERVAL_MS;
    this.now = options.now ?? Date.now;
    this.completeSinceMs = this.now();
    this.unsubscribe = bus.subscribe((item) => this.accept(item));
    this.unsubscribeForget = bus.subscribeForget((notice) => this.dropFromHistory(notice));
  }

  /** Makes every process's history forget a deleted user's items (see dropFromHistory). */
  forgetUser(notice: LiveForget): void {
    this.bus.forget(notice);
  }

  /**
   * Removes the user's items: those naming them (stored, refused or dropped), and unnamed
   * events of the visitors linked to them, which an identify may have adopted.
   */
  private dropFromHistory({ projectId, identifier, anonymousIds }: LiveForget): void {
    const visitors = new Set(anonymousIds);
    const theirs = ({ item }: Stamped) =>
      item.projectId === projectId &&
      (item.userIdentifier === identifier ||
        (item.kind === "accepted" &&
          item.userIdentifier === null &&
          visitors.has(item.anonymousId)));
    const kept = this.history.filter((stamped) => !theirs(stamped));
    this.history.splice(0, this.history.length, ...kept);
  }

  /** Ends every open stream (so a shutting-down server is not held open by viewers). */
  close(): void {
    this.closed = true;
    this.unsubscribe();
    this.unsubscribeForget();
    this.listeners.clear();
    for (const wake of this.wakers) wake();
  }

  private idOf({ seq, atMs }: Pick<Stamped, "seq" | "atMs">): string {
    return `${this.feedId}.${seq}.${atMs}`;
  }

  private accept(item: LiveItem): void {
    const stamped = { seq: ++this.seq, atMs: Date.parse(item.at) || this.now(), item };
    this.history.push(stamped);
    if (this.history.length > this.historySize) {
      const dropped = this.history.shift();
      // What was published before the dropped item is gone too; that may include items
      // received up to a publishing lag after it.
      if (dropped) {
        const since = dropped.atMs + PUBLISH_LAG_MARGIN_MS;
        this.completeSinceMs = Math.max(this.completeSinceMs, since);
      }
    }
    for (const listener of this.listeners) listener(stamped);
  }

  /** The opening history: matching items of the window, at most OPENING_ITEMS. */
  private recent(wanted: (item: LiveItem) => boolean): Stamped[] {
    const since = Date.now() - OPENING_WINDOW_MS;
    const found: Stamped[] = [];
    for (let i = this.history.length - 1; i >= 0 && found.length < OPENING_ITEMS; i--) {
      const stamped = this.history[i];
      if (!stamped || stamped.atMs < since) break;
      if (wanted(stamped.item)) found.push(stamped);
    }
    return found.reverse();
  }

  /** History after `lastEventId`, and how many items it can no longer provide. */
  private replay(lastEventId: string | null | undefined): { items: Stamped[]; lost: number } {
    if (!lastEventId) return { items: [], lost: 0 };
    const [feed, seqText, atText] = lastEventId.split(".");
    const lastSeq = Number(seqText);
    if (feed === this.feedId && Number.isInteger(lastSeq)) {
      const oldest = this.history[0]?.seq ?? this.seq + 1;
      return {
        items: this.history.filter((s) => s.seq > lastSeq),
        lost: Math.max(0, oldest - lastSeq - 1),
      };
    }
    // Another process numbered that id, and processes may order concurrent items
    // differently, so replay a margin before its time: viewers drop repeats by itemId.
    const lastAt = Number(atText);
    if (!Number.isFinite(lastAt)) return { items: [], lost: 0 };
    return {
      items: this.history.filter((s) => s.atMs >= lastAt - PUBLISH_LAG_MARGIN_MS),
      lost: 0,
    };
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
        if (skipped) missedId = this.idOf(skipped);
      }
      // Only a viewer waiting for its first item is woken; one pausing between batches is not.
      if (queue.length === 1) wake?.();
    };
    // Subscribing and reading history in one synchronous step leaves no gap between them.
    this.listeners.add(push);
    const opening = lastEventId ? [] : this.recent(wanted);
    const { items, lost } = this.replay(lastEventId);
    if (lost > 0) {
      missed += lost;
      missedId = lastEventId ?? "";
    }
    for (const stamped of items) push(stamped);
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
      if (!lastEventId) {
        const seqAtOpen = this.seq;
        const history = await this.withStored(opening, wanted, seqAtOpen, stored);
        for (const stamped of history) shown.add(stamped.item.itemId);
        // Everything numbered up to the opening was shown or is older than the window, and
        // history is ordered by time, not number: resuming must start after the opening.
        const newest = history.at(-1);
        if (newest) {
          yield this.batchOf(history, this.idOf({ seq: seqAtOpen, atMs: newest.atMs }));
        }
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
        if (last && fresh.length > 0) yield this.batchOf(fresh, this.idOf(last));
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
    const items = stamped.map((s) => ({ id: this.idOf(s), item: s.item }));
    return { type: "items", id, items };
  }

  /**
   * The opening history: this process's recent items plus stored ones it never saw, oldest
   * first. A stored item that may still be on its way here is left to the live part, where
   * it gets its place in the feed's numbering; shown from storage, its live copy would come
   * after the viewer's last id and be repeated on resume.
   */
  private async withStored(
    recent: Stamped[],
    wanted: (item: LiveItem) => boolean,
    seqAtOpen: number,
    stored: StreamOptions["stored"],
  ): Promise<Stamped[]> {
    if (!stored) return recent;
    const known = new Set(recent.map((stamped) => stamped.item.itemId));
    // Received this recently, an unseen item may not have been published yet.
    const onItsWay = Math.max(this.completeSinceMs, this.now() - PUBLISH_LAG_MARGIN_MS);
    const extra = (await stored(Date.now() - OPENING_WINDOW_MS, OPENING_ITEMS))
      .map((item) => ({ seq: seqAtOpen, atMs: Date.parse(item.at), item }))
      .filter(({ atMs, item }) => atMs < onItsWay && !known.has(item.itemId) && wanted(item));
    return [...recent, ...extra]
      .sort((a, b) => a.atMs - b.atMs || a.seq - b.seq)
      .slice(-OPENING_ITEMS);
  }
}
