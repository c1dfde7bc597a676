import type { Prisma, SqlQuery } from "@inlet/db";
import type { EventTime } from "@inlet/ingest";
import type { KnownCatalog } from "./catalog-cache.ts";
import { applyUserWrites } from "./identity-writes.ts";
import { commitTrackBatch, type StoredEvent, type TrackJob } from "./track-batch.ts";
import type { UserUpdate, UserWrite } from "./user-write-plan.ts";
import type { UserChange } from "./user-writes.ts";

/** One valid item of a `POST /batch`, ready to write. */
export type BatchWrite =
  /** `time`: how the event's stored time was arrived at (the row holds the result). */
  | { type: "event"; job: TrackJob; time: EventTime }
  | { type: "identify"; user: UserChange }
  | { type: "updateUser"; change: UserUpdate };

/**
 * What each write came to: an event's stored user (null: a duplicate id), an identify's
 * user, an update's user (null: no user found for the visitor).
 */
export type BatchWritten =
  | { type: "event"; stored: StoredEvent | null }
  | { type: "identify"; identifier: string }
  | { type: "updateUser"; identifier: string | null };

/**
 * Writes a batch's items in their order inside the caller's transaction, so either all of
 * them commit or none does. Consecutive events are stored by one statement, exactly as
 * group commit stores concurrent ones (an event takes a link an earlier one made), and
 * consecutive identifies and updates by another, as a group of them is; each run is
 * written after the one before it, so each item sees what a one-by-one sender's would have
 * seen.
 */
export async function writeBatch(
  tx: Prisma.TransactionClient,
  projectId: string,
  anonymousId: string,
  writes: BatchWrite[],
  known: KnownCatalog,
): Promise<BatchWritten[]> {
  // The same statements as single requests send, inside this transaction (and unnamed:
  // Prisma's raw queries are not prepared).
  const sql: SqlQuery = { query: (text, params) => tx.$queryRawUnsafe(text, ...params) };
  const results: BatchWritten[] = [];
  let events: TrackJob[] = [];
  let userWrites: UserWrite[] = [];
  const flush = async () => {
    if (events.length > 0)
      for (const stored of await commitTrackBatch({ sql }, events, known))
        results.push({ type: "event", stored });
    if (userWrites.length > 0) {
      const written = await applyUserWrites(sql, userWrites);
      userWrites.forEach((write, i) =>
        results.push(
          write.type === "identify"
            ? { type: "identify", identifier: write.user.identifier }
            : { type: "updateUser", identifier: written[i]?.identifier ?? null },
        ),
      );
    }
    events = [];
    userWrites = [];
  };
  for (const write of writes) {
    if (write.type === "event") {
      if (userWrites.length > 0) await flush();
      events.push(write.job);
    } else {
      if (events.length > 0) await flush();
      userWrites.push({ ...write, projectId, anonymousId });
    }
  }
  await flush();
  return results;
}
