import { adoptAnonymousRows, hasIdentify } from "./adopt-rows.ts";
import { matchesLiveFilter, RecentIds } from "@inlet/contracts";
import type { LiveEnvelope, LiveFilters, LiveRow } from "./live-types.ts";

/** Rows kept on screen (and held while paused); beyond this the oldest fall off. */
export const MAX_ROWS = 1_000;
// Messages arriving within this window render together: one render per burst, not per event.
const FLUSH_MS = 50;
const MAX_RETRY_DELAY_MS = 10_000;
// Ids recognised as repeats after a reconnect: at least the last 5,000 (see RecentIds).
const SEEN_IDS = 10_000;

export type Connection =
  | { state: "connecting" }
  | { state: "live"; resumedAt: number | null }
  | { state: "reconnecting"; reason: string }
  | { state: "failed"; reason: string };

export interface LiveState {
  /** Every row received, newest first; filters apply when rows are shown (`visibleRows`). */
  rows: LiveRow[];
  paused: boolean;
  /** Everything received since pausing, even beyond what the held buffer can keep. */
  newWhilePaused: number;
  /** Items the server had to skip for this viewer, until dismissed. */
  skipped: number;
  connection: Connection;
}

export interface LiveClientOptions {
  /** Runs `task` after `delayMs` and returns its cancel function (fake in tests). */
  schedule?: (task: () => void, delayMs: number) => () => void;
  now?: () => number;
}

const realSchedule = (task: () => void, delayMs: number) => {
  const timer = setTimeout(task, delayMs);
  return () => clearTimeout(timer);
};

/**
 * Newest first. Items normally arrive in order and are simply put on top; an item a replay
 * delivered late is sorted into place (stable, so equal times keep arrival order).
 */
function merge(newestFirst: LiveRow[], current: LiveRow[]): LiveRow[] {
  const oldestNew = newestFirst.at(-1);
  const newestOld = current[0];
  const combined = [...newestFirst, ...current];
  if (oldestNew && newestOld && oldestNew.at < newestOld.at) {
    combined.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }
  const kept = combined.slice(0, MAX_ROWS);
  // An identify's earlier anonymous rows take its user, as their stored events did; only a
  // new identify can adopt rows, so a flood of plain events costs no extra pass.
  return hasIdentify(newestFirst) ? adoptAnonymousRows(kept) : kept;
}

/** Rows received under looser filters stay held, and reappear when filters loosen again. */
export function visibleRows(rows: LiveRow[], filters: LiveFilters): LiveRow[] {
  return rows.filter((row) => row.type === "missed" || matchesLiveFilter(filters, row.item));
}

/**
 * The state of one viewer's live stream, outside React: what was received (deduplicated by
 * item id, ordered by time), the pause buffer, where a new stream must resume, and the
 * connection with its back-off. The hook feeds it the subscription's events and renders
 * its state; every rule lives here, so it is tested without a browser.
 */
export class LiveClient {
  private state: LiveState = {
    rows: [],
    paused: false,
    newWhilePaused: 0,
    skipped: 0,
    connection: { state: "connecting" },
  };
  private readonly listeners = new Set<() => void>();
  private readonly schedule: NonNullable<LiveClientOptions["schedule"]>;
  private readonly now: () => number;
  private readonly seen = new RecentIds(SEEN_IDS);
  private lastEventId: string | null = null;
  private lastItemAt: string | null = null;
  private missedNotices = 0;
  // Where the stream was last complete: set when server-side filters start holding items
  // back, so that when filters change the server backfills them from its history.
  private filteredSince: { from: string | null } | null = null;
  private streamFilterKey: string | null = null;
  private incoming: LiveRow[] = [];
  private held: LiveRow[] = [];
  private cancelFlush: (() => void) | null = null;
  private cancelRetry: (() => void) | null = null;
  private retries = 0;

  constructor(options: LiveClientOptions = {}) {
    this.schedule = options.schedule ?? realSchedule;
    this.now = options.now ?? Date.now;
  }

  /** For useSyncExternalStore: called after every change. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): LiveState => this.state;

  private update(patch: Partial<LiveState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /**
   * The id a stream under these filters resumes after: the last one seen, or, when filters
   * changed while the server was holding items back, the point where it began to.
   */
  resumeFrom(filterKey: string): string | null {
    const backfill = filterKey !== this.streamFilterKey && this.filteredSince;
    return backfill ? backfill.from : this.lastEventId;
  }

  /** A stream under `filterKey` starting after `from` was opened: connecting until confirmed. */
  streamOpened(filterKey: string, from: string | null): void {
    this.filteredSince = filterKey !== "{}" ? (this.filteredSince ?? { from }) : null;
    this.streamFilterKey = filterKey;
    this.update({ connection: { state: "connecting" } });
  }

  receive(envelope: LiveEnvelope): void {
    this.lastEventId = envelope.id;
    const payload = envelope.data;
    if (payload.type === "missed") {
      this.update({ skipped: this.state.skipped + payload.count });
      this.add({
        // A replay can repeat a notice's id, and keys must stay unique.
        key: `missed-${envelope.id}-${++this.missedNotices}`,
        // The server's clock orders rows; the newest item's time places the notice.
        at: this.lastItemAt ?? new Date(this.now()).toISOString(),
        type: "missed",
        count: payload.count,
      });
    } else {
      for (const item of payload.items) {
        if (!this.seen.remember(item.itemId)) continue;
        if (!this.lastItemAt || item.at > this.lastItemAt) this.lastItemAt = item.at;
        this.add({ key: item.itemId, at: item.at, type: "item", item });
      }
    }
  }

  private add(row: LiveRow): void {
    this.incoming.push(row);
    // Bounded even if flushing stalls (timers in a background tab run rarely).
    if (this.incoming.length > MAX_ROWS) this.incoming.shift();
    this.cancelFlush ??= this.schedule(() => this.flush(), FLUSH_MS);
  }

  /** Shows (or, while paused, holds) what arrived since the last flush. */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    // The batch arrived oldest first.
    const batch = this.incoming.reverse();
    this.incoming = [];
    if (batch.length === 0) return;
    if (this.state.paused) {
      this.held = merge(batch, this.held);
      const items = batch.filter((row) => row.type === "item").length;
      this.update({ newWhilePaused: this.state.newWhilePaused + items });
    } else {
      this.update({ rows: merge(batch, this.state.rows) });
    }
  }

  pause = (): void => this.update({ paused: true });

  resume = (): void => {
    this.flush();
    const waiting = this.held;
    this.held = [];
    this.update({ paused: false, newWhilePaused: 0, rows: merge(waiting, this.state.rows) });
  };

  clear = (): void => {
    this.incoming = [];
    this.held = [];
    this.update({ rows: [], newWhilePaused: 0 });
  };

  dismissSkipped = (): void => this.update({ skipped: 0 });

  /** The server confirmed the stream. */
  connected(): void {
    this.retries = 0;
    const resumed = this.state.connection.state === "reconnecting";
    this.update({ connection: { state: "live", resumedAt: resumed ? this.now() : null } });
  }

  /** The connection dropped; the subscription link is already retrying. */
  connectionLost(reason: string): void {
    this.update({ connection: { state: "reconnecting", reason } });
  }

  /**
   * The server ended the stream (a restart, say). A browser does not reconnect by itself
   * after a clean end, so `resubscribe` is called, backing off while the server is away.
   */
  streamEnded(resubscribe: () => void): void {
    this.update({ connection: { state: "reconnecting", reason: "The server closed the stream" } });
    this.retryAfter(Math.min(1_000 * 2 ** this.retries++, MAX_RETRY_DELAY_MS), resubscribe);
  }

  failed(reason: string): void {
    this.update({ connection: { state: "failed", reason } });
  }

  /** The viewer asked to reconnect after a failure. */
  reconnect(resubscribe: () => void): void {
    this.update({ connection: { state: "connecting" } });
    this.retryAfter(0, resubscribe);
  }

  private retryAfter(delayMs: number, resubscribe: () => void): void {
    this.cancelRetry?.();
    this.cancelRetry = this.schedule(() => {
      this.cancelRetry = null;
      resubscribe();
    }, delayMs);
  }

  /** Stops pending timers (the view is gone). */
  dispose(): void {
    this.cancelFlush?.();
    this.cancelRetry?.();
    this.cancelFlush = this.cancelRetry = null;
  }
}
