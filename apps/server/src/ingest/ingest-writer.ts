import type { Database, Prisma, PrismaClient } from "@inlet/db";
import type { EventRow } from "./event-row.ts";
import { GroupCommitter, type GroupCommitOptions } from "./group-commit.ts";
import { commitTrackBatch, type StoredEvent, type TrackJob } from "./track-batch.ts";
import { linkAnonymousIds, upsertUsers, userKey, type UserChange } from "./user-writes.ts";

export type { StoredEvent } from "./track-batch.ts";
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
  private readonly tracks: GroupCommitter<TrackJob, StoredEvent | null>;

  private readonly prisma: PrismaClient;

  constructor(database: Pick<Database, "prisma" | "sql">, groupCommit: GroupCommitOptions) {
    this.prisma = database.prisma;
    this.tracks = new GroupCommitter((jobs) => commitTrackBatch(database, jobs), groupCommit);
  }

  /**
   * Stores one event together with whatever other events arrive meanwhile (group commit);
   * resolves after the commit with the user it was stored under, or null when its
   * idempotency key made it a duplicate. `linksVisitor` makes the event's user its
   * visitor's user too. Rejects with QueueFullError when the database is too far behind.
   */
  track(
    event: EventRow,
    user: UserChange | null,
    linksVisitor: boolean,
  ): Promise<StoredEvent | null> {
    return this.tracks.submit({ event, user, linksVisitor });
  }

  /** Waits for every accepted event to be committed (shutdown). */
  drain(): Promise<void> {
    return this.tracks.drain();
  }

  /**
   * Links the anonymous id to the user (replacing any earlier link) and adopts that
   * visitor's earlier anonymous events. An event that has a user keeps it: it was sent
   * for that user, or credited to it through this visitor's earlier link. Returns how
   * many events were adopted.
   */
  identify(projectId: string, anonymousId: string, user: UserChange): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const userId = await upsertUser(tx, projectId, user);
      await linkAnonymousIds(tx, [{ projectId, anonymousId, userId }]);
      return tx.$executeRaw`
        UPDATE events SET user_id = ${userId}::uuid
        WHERE project_id = ${projectId}::uuid AND anonymous_id = ${anonymousId}
          AND user_id IS NULL`;
    }, TRANSACTION_OPTIONS);
  }

  /**
   * Updates the user named by identifier (created if new), else the one linked to the
   * anonymous id. Returns the identifier of the user updated, null when none was found.
   */
  updateUser(
    projectId: string,
    anonymousId: string,
    change: Omit<UserChange, "identifier"> & { identifier: string | null },
  ): Promise<string | null> {
    return this.prisma.$transaction(async (tx) => {
      // No identifier: the user this visitor was identified as, if any.
      const identifier =
        change.identifier ??
        (
          await tx.anonymousLink.findUnique({
            where: { projectId_anonymousId: { projectId, anonymousId } },
            select: { user: { select: { identifier: true } } },
          })
        )?.user.identifier;
      if (!identifier) return null;
      await upsertUser(tx, projectId, { ...change, identifier });
      return identifier;
    }, TRANSACTION_OPTIONS);
  }
}
