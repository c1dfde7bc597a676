import type { Database, PrismaClient } from "@inlet/db";
import { writeBatch, type BatchWrite, type BatchWritten } from "./batch-writes.ts";
import { KnownCatalog } from "./catalog-cache.ts";
import { GroupCommitter, type GroupCommitOptions } from "./group-commit.ts";
import { commitTrackBatch, type StoredEvent, type TrackJob } from "./track-batch.ts";
import { applyUserWrites } from "./identity-writes.ts";
import type { UserUpdate, UserWrite, UserWritten } from "./user-write-plan.ts";
import type { UserChange } from "./user-writes.ts";
import { WriteGroup } from "./write-group.ts";

export type { StoredEvent } from "./track-batch.ts";
export type { UserChange } from "./user-writes.ts";

// A full batch with identifies between its events makes a few thousand statements.
const BATCH_TRANSACTION_OPTIONS = { maxWait: 3_000, timeout: 20_000 } as const;

/** The database side of ingestion; every method returns only after its commit. */
export class IngestWriter {
  private readonly tracks: GroupCommitter<TrackJob, StoredEvent | null>;

  private readonly userWrites: WriteGroup<UserWrite, UserWritten>;

  private readonly prisma: PrismaClient;

  private readonly database: Pick<Database, "prisma" | "sql">;

  private readonly batches = new Set<Promise<unknown>>();

  /** Catalogue names and keys known committed, which the statement need not probe again. */
  private readonly known = new KnownCatalog();

  constructor(database: Pick<Database, "prisma" | "sql">, groupCommit: GroupCommitOptions) {
    this.database = database;
    this.prisma = database.prisma;
    this.tracks = new GroupCommitter(async (jobs) => {
      const stored = await commitTrackBatch(database, jobs, this.known);
      this.learn(jobs, stored);
      return stored;
    }, groupCommit);
    // One group at a time: two committing at once could take the rows they share (a
    // backend's visitor link) in opposite orders and deadlock, which PostgreSQL notices
    // only after a second.
    this.userWrites = new WriteGroup((writes) => applyUserWrites(database.sql, writes), {
      ...groupCommit,
      maxInFlight: 1,
    });
  }

  /** After a commit: the stored events' names and keys are in the catalogue now. */
  private learn(jobs: TrackJob[], stored: (StoredEvent | null)[]): void {
    this.known.learn(jobs.filter((_, i) => stored[i]).map((job) => job.event));
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
    const pending = this.writeBatch(projectId, anonymousId, writes);
    const settled = pending.catch(() => undefined).finally(() => this.batches.delete(settled));
    this.batches.add(settled);
    return pending;
  }

  /**
   * A batch of events only is one statement, atomic on its own; with identifies or updates
   * between its events it takes a transaction.
   */
  private async writeBatch(
    projectId: string,
    anonymousId: string,
    writes: BatchWrite[],
  ): Promise<BatchWritten[]> {
    const jobs = writes.flatMap((write) => (write.type === "event" ? [write.job] : []));
    if (jobs.length === writes.length) {
      const stored = await commitTrackBatch(this.database, jobs, this.known);
      this.learn(jobs, stored);
      return stored.map((event) => ({ type: "event", stored: event }));
    }
    const written = await this.prisma.$transaction(
      (tx) => writeBatch(tx, projectId, anonymousId, writes, this.known),
      BATCH_TRANSACTION_OPTIONS,
    );
    const storedEvents = written.flatMap((item) => (item.type === "event" ? [item.stored] : []));
    this.learn(jobs, storedEvents);
    return written;
  }

  /** Waits for every accepted event and batch to be committed (shutdown). */
  async drain(): Promise<void> {
    await Promise.all([this.tracks.drain(), this.userWrites.drain(), ...this.batches]);
  }

  /**
   * Upserts the user, links the visitor to it and has it adopt the visitor's anonymous
   * events (see identity-writes.ts), committed together with the identifies and updates
   * that arrive meanwhile. Returns how many events were adopted.
   */
  async identify(projectId: string, anonymousId: string, user: UserChange): Promise<number> {
    const written = await this.userWrites.run({ type: "identify", projectId, anonymousId, user });
    return written.adopted;
  }

  /**
   * Updates the named user (created if new), else the one linked to the visitor. Returns
   * the identifier of the user updated, null when none was found.
   */
  async updateUser(
    projectId: string,
    anonymousId: string,
    change: UserUpdate,
  ): Promise<string | null> {
    const written = await this.userWrites.run({
      type: "updateUser",
      projectId,
      anonymousId,
      change,
    });
    return written.identifier;
  }
}
