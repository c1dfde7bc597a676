import type { Prisma, SqlQuery } from "@inlet/db";
import type { EventTime } from "@inlet/ingest";
import type { KnownCatalog } from "./catalog-cache.ts";
import { identifyVisitor, updateVisitorUser, type UserUpdate } from "./identity-writes.ts";
import { commitTrackBatch, type StoredEvent, type TrackJob } from "./track-batch.ts";
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
 * group commit stores concurrent ones (an event takes a link an earlier one made); an
 * identify or update between them is written after the events before it and before the
 * ones after it, so each item sees what a one-by-one sender's would have seen.
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
  let run: TrackJob[] = [];
  const flush = async () => {
    if (run.length === 0) return;
    for (const stored of await commitTrackBatch({ sql }, run, known))
      results.push({ type: "event", stored });
    run = [];
  };
  for (const write of writes) {
    if (write.type === "event") {
      run.push(write.job);
      continue;
    }
    await flush();
    if (write.type === "identify") {
      await identifyVisitor(sql, projectId, anonymousId, write.user);
      results.push({ type: "identify", identifier: write.user.identifier });
    } else {
      const identifier = await updateVisitorUser(sql, projectId, anonymousId, write.change);
      results.push({ type: "updateUser", identifier });
    }
  }
  await flush();
  return results;
}
