import { randomUUID } from "node:crypto";
import type { LiveItem } from "@inlet/contracts";
import { PUBLISH_LAG_MARGIN_MS, type LiveForget } from "@inlet/db";

/** What a newly opened stream shows first: the items of the last minutes, at most this many. */
export const OPENING_WINDOW_MS = 15 * 60_000;
export const OPENING_ITEMS = 100;

/** An item with its place in this process's numbering and its time (epoch ms). */
export interface Stamped {
  seq: number;
  atMs: number;
  item: LiveItem;
}

/**
 * Stored items (events from the database) for the opening history, newest first: they
 * cover what happened before this process started.
 */
export type StoredItems = (sinceMs: number, limit: number) => Promise<LiveItem[]>;

/**
 * The items this process saw on the live channel, numbered in arrival order, a bounded
 * number of them kept. Ids are `feed.seq.time`: exact resumption on the same process; on
 * another one, a replay by time that may repeat items (each carries a unique itemId) but
 * skips none still kept.
 */
export class LiveHistory {
  private readonly feedId = randomUUID().slice(0, 8);
  private readonly kept: Stamped[] = [];
  private seq = 0;
  /**
   * Receive time since which every published item reached this process, so the database
   * has nothing to add: what it holds from then on is kept here or still on its way.
   */
  private completeSinceMs: number;

  constructor(
    private readonly size: number,
    private readonly now: () => number,
  ) {
    this.completeSinceMs = now();
  }

  idOf({ seq, atMs }: Pick<Stamped, "seq" | "atMs">): string {
    return `${this.feedId}.${seq}.${atMs}`;
  }

  /** Numbers and keeps an item that arrived; the oldest goes once the bound is reached. */
  add(item: LiveItem): Stamped {
    const stamped = { seq: ++this.seq, atMs: Date.parse(item.at) || this.now(), item };
    this.kept.push(stamped);
    const dropped = this.kept.length > this.size ? this.kept.shift() : undefined;
    // What arrived before the dropped item is gone too; that may include items received
    // up to a publishing lag after it.
    if (dropped)
      this.completeSinceMs = Math.max(this.completeSinceMs, dropped.atMs + PUBLISH_LAG_MARGIN_MS);
    return stamped;
  }

  /**
   * Removes a deleted user's items: those naming them (stored, refused or dropped), and
   * unnamed events of the visitors linked to them, which an identify may have adopted.
   */
  forget({ projectId, identifier, anonymousIds }: LiveForget): void {
    const visitors = new Set(anonymousIds);
    const theirs = ({ item }: Stamped) =>
      item.projectId === projectId &&
      (item.userIdentifier === identifier ||
        (item.kind === "accepted" &&
          item.userIdentifier === null &&
          visitors.has(item.anonymousId)));
    const rest = this.kept.filter((stamped) => !theirs(stamped));
    this.kept.splice(0, this.kept.length, ...rest);
  }

  /** Kept items after `lastEventId`, and how many it can no longer provide. */
  replay(lastEventId: string): { items: Stamped[]; lost: number } {
    const [feed, seqText, atText] = lastEventId.split(".");
    const lastSeq = Number(seqText);
    if (feed === this.feedId && Number.isInteger(lastSeq)) {
      const oldest = this.kept[0]?.seq ?? this.seq + 1;
      return {
        items: this.kept.filter((s) => s.seq > lastSeq),
        lost: Math.max(0, oldest - lastSeq - 1),
      };
    }
    // Another process numbered that id, and processes may order concurrent items
    // differently, so replay a margin before its time: viewers drop repeats by itemId.
    const lastAt = Number(atText);
    if (!Number.isFinite(lastAt)) return { items: [], lost: 0 };
    return { items: this.kept.filter((s) => s.atMs >= lastAt - PUBLISH_LAG_MARGIN_MS), lost: 0 };
  }

  /**
   * A new stream's opening: the matching items of the window, at most OPENING_ITEMS,
   * oldest first, and the id that resumes after them. What is kept here is read before
   * this returns its promise, so a caller that subscribed just before misses nothing;
   * stored items are then added. A stored item that may still be on its way here is left
   * to the live part, where it gets its place in the numbering: shown from storage, its
   * live copy would come after the viewer's last id and be repeated on resume.
   */
  async opening(
    wanted: (item: LiveItem) => boolean,
    stored: StoredItems | undefined,
  ): Promise<{ items: Stamped[]; id: string } | null> {
    const seqAtOpen = this.seq;
    const recent = this.recent(wanted);
    const items = stored ? await this.withStored(recent, wanted, stored, seqAtOpen) : recent;
    const newest = items.at(-1);
    // Everything numbered up to the opening was shown or is older than the window, and
    // stored items are placed by time, not number: resuming starts after the opening.
    return newest ? { items, id: this.idOf({ seq: seqAtOpen, atMs: newest.atMs }) } : null;
  }

  /**
   * Kept and stored items of the window in time order, at most OPENING_ITEMS. (Without
   * stored items the opening stays in arrival order, so each item's own id resumes right
   * after it: Unmatched sends them one by one.)
   */
  private async withStored(
    recent: Stamped[],
    wanted: (item: LiveItem) => boolean,
    stored: StoredItems,
    seqAtOpen: number,
  ): Promise<Stamped[]> {
    // Received this recently, an unseen item may not have been published yet.
    const onItsWay = Math.max(this.completeSinceMs, this.now() - PUBLISH_LAG_MARGIN_MS);
    const known = new Set(recent.map((stamped) => stamped.item.itemId));
    const extra = (await stored(this.now() - OPENING_WINDOW_MS, OPENING_ITEMS))
      .map((item) => ({ seq: seqAtOpen, atMs: Date.parse(item.at), item }))
      .filter(({ atMs, item }) => atMs < onItsWay && !known.has(item.itemId) && wanted(item));
    return [...recent, ...extra]
      .sort((a, b) => a.atMs - b.atMs || a.seq - b.seq)
      .slice(-OPENING_ITEMS);
  }

  private recent(wanted: (item: LiveItem) => boolean): Stamped[] {
    const since = this.now() - OPENING_WINDOW_MS;
    const found: Stamped[] = [];
    for (let i = this.kept.length - 1; i >= 0 && found.length < OPENING_ITEMS; i--) {
      const stamped = this.kept[i];
      if (!stamped || stamped.atMs < since) break;
      if (wanted(stamped.item)) found.push(stamped);
    }
    return found.reverse();
  }
}
