import type { Database, Prisma, PrismaClient } from "@inlet/db";
import type { EventRow } from "./event-row.ts";
import { GroupCommitter, type GroupCommitOptions } from "./group-commit.ts";
import { commitTrackBatch, type TrackJob } from "./track-batch.ts";
import { linkAnonymousIds, upsertUsers, userKey, type UserChange } from "./user-writes.ts";

export type { UserChange } from "./user-writes.ts";

const TRANSACTION_OPTIONS = { maxWait: 3_000, timeout: 10_000 } as const;

/** Upserts one user and returns its id. */
async function upsertUser(
  tx: Prisma.TransactionClient,
  projectId: string,
  change: UserChange,
): Promise<string> {
  const ids = await upsertUsers(tx, [{ projectId, change }]);
  const id = ids.get(userKey(projectId, change.identifier));
  if (!id) throw new Error("user upsert returned no row");
  return id;
}

/** The database side of ingestion; every method returns only after its commit. */
export class IngestWriter {
  private readonly tracks: GroupCommitter<TrackJob, boolean>;

  private readonly prisma: PrismaClient;

  constructor(database: Pick<Database, "prisma" | "sql">, groupCommit: GroupCommitOptions) {
    this.prisma = database.prisma;
    this.tracks = new GroupCommitter((jobs) => commitTrackBatch(database, jobs), groupCommit);
  }

  /**
   * Stores one event together with whatever other events arrive meanwhile (group commit);
   * resolves after the commit, false when its idempotency key made it a duplicate.
   * Rejects with QueueFullError when the database has fallen too far behind.
   */
  track(event: EventRow, user: UserChange | null): Promise<boolean> {
    return this.tracks.submit({ event, user });
  }

  /** Waits for every accepted event to be committed (shutdown). */
  drain(): Promise<void> {
    return this.tracks.drain();
  }

  /** Links the anonymous id to the user and moves that id's earlier events to the user. */
  identify(projectId: string, anonymousId: string, user: UserChange): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const userId = await upsertUser(tx, projectId, user);
      await linkAnonymousIds(tx, [{ projectId, anonymousId, userId }]);
      return tx.$executeRaw`
        UPDATE events SET user_id = ${userId}::uuid
        WHERE project_id = ${projectId}::uuid AND anonymous_id = ${anonymousId}
          AND user_id IS DISTINCT FROM ${userId}::uuid`;
    }, TRANSACTION_OPTIONS);
  }

  /**
   * Updates the user named by identifier (created if new), else the one linked to the
   * anonymous id. Returns false when neither names a user.
   */
  updateUser(
    projectId: string,
    anonymousId: string,
    change: Omit<UserChange, "identifier"> & { identifier: string | null },
  ): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      if (change.identifier) {
        await upsertUser(tx, projectId, { ...change, identifier: change.identifier });
        return true;
      }
      // No identifier: the user this visitor was identified as, if any.
      const link = await tx.anonymousLink.findUnique({
        where: { projectId_anonymousId: { projectId, anonymousId } },
        select: { user: { select: { identifier: true } } },
      });
      if (!link) return false;
      await upsertUser(tx, projectId, { ...change, identifier: link.user.identifier });
      return true;
    }, TRANSACTION_OPTIONS);
  }
}
