import type { Database, PrismaClient } from "@inlet/db";
import { writeBatch, type BatchWrite, type BatchWritten } from "./batch-writes.ts";
import { GroupCommitter, type GroupCommitOptions } from "./group-commit.ts";
import { commitTrackBatch, type StoredEvent, type TrackJob } from "./track-batch.ts";
import { identifyVisitor, updateVisitorUser, type UserUpdate } from "./identity-writes.ts";
import type { UserChange } from "./user-writes.ts";

export type { StoredEvent } from "./track-batch.ts";
export type { UserChange } from "./user-writes.ts";

const TRANSACTION_OPTIONS = { maxWait: 3_000, timeout: 10_000 } as const;
// A full batch with identifies between its events makes a few thousand statements.
const BATCH_TRANSACTION_OPTIONS = { maxWait: 3_000, timeout: 20_000 } as const;

/** The database side of ingestion; every method returns only after its commit. */
export class IngestWriter {
  private readonly tracks: GroupCommitter<TrackJob, StoredEvent | null>;

  private readonly prisma: PrismaClient;

  private readonly batches = new Set<Promise<unknown>>();

  constructor(database: Pick<Database, "prisma" | "sql">, groupCommit: GroupCommitOptions) {
    this.prisma = database.prisma;
    this.tracks = new GroupCommitter((jobs) => commitTrackBatch(database, jobs), groupCommit);
  }

  /**
   * Stores one event together with whatever other events arrive meanwhile (group commit);
   * resolves after the commit with the user it was stored under, or null when its
   * idempotency key made it a duplicate. The job's `link` says whether the event's user
   * becomes its visitor's user too. Rejects with QueueFullError when the database is too
   * far behind.
   */
  track(job: TrackJob): Promise<StoredEvent | null> {
    return this.tracks.submit(job);
  }

  /**
   * Writes a `POST /batch`'s valid items in order, all in one transaction: every item
   * commits or none does (see writeBatch).
   */
  batch(projectId: string, anonymousId: string, writes: BatchWrite[]): Promise<BatchWritten[]> {
    const pending = this.prisma.$transaction(
      (tx) => writeBatch(tx, projectId, anonymousId, writes),
      BATCH_TRANSACTION_OPTIONS,
    );
    const settled = pending.catch(() => undefined).finally(() => this.batches.delete(settled));
    this.batches.add(settled);
    return pending;
  }

  /** Waits for every accepted event and batch to be committed (shutdown). */
  async drain(): Promise<void> {
    await Promise.all([this.tracks.drain(), ...this.batches]);
  }

  /** Links the visitor to the user and adopts its anonymous events (see identifyVisitor). */
  identify(projectId: string, anonymousId: string, user: UserChange): Promise<number> {
    return this.prisma.$transaction(
      (tx) => identifyVisitor(tx, projectId, anonymousId, user),
      TRANSACTION_OPTIONS,
    );
  }

  /** Updates the named or the visitor's user; null when none was found (see updateVisitorUser). */
  updateUser(projectId: string, anonymousId: string, change: UserUpdate): Promise<string | null> {
    return this.prisma.$transaction(
      (tx) => updateVisitorUser(tx, projectId, anonymousId, change),
      TRANSACTION_OPTIONS,
    );
  }
}
