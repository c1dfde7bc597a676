import { randomUUID } from "node:crypto";
import type { Database, Prisma, PrismaClient } from "@inlet/db";
import { GroupCommitter, type GroupCommitOptions } from "./group-commit.ts";
import { commitTrackBatch, type EventRow, type TrackJob, type UserChange } from "./track-batch.ts";

export type { EventRow, UserChange } from "./track-batch.ts";

type Tx = Prisma.TransactionClient;

const TRANSACTION_OPTIONS = { maxWait: 3_000, timeout: 10_000 } as const;

/**
 * Creates the user if new, updates name and avatar when given, and applies property
 * operations in one statement: concurrent updates of one user serialise on its row lock,
 * so none is lost.
 */
async function upsertUser(tx: Tx, projectId: string, change: UserChange): Promise<string> {
  const ops = change.ops ?? { set: {}, setOnce: {}, unset: [] };
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO users (id, project_id, identifier, display_name, avatar_url, properties, updated_at)
    VALUES (${randomUUID()}::uuid, ${projectId}::uuid, ${change.identifier}, ${change.displayName},
            ${change.avatarUrl},
            ((${JSON.stringify(ops.setOnce)}::jsonb || ${JSON.stringify(ops.set)}::jsonb) - ${ops.unset}::text[]),
            now())
    ON CONFLICT (project_id, identifier) DO UPDATE SET
      display_name = COALESCE(EXCLUDED.display_name, users.display_name),
      avatar_url = COALESCE(EXCLUDED.avatar_url, users.avatar_url),
      properties = ((${JSON.stringify(ops.setOnce)}::jsonb || users.properties)
                    || ${JSON.stringify(ops.set)}::jsonb) - ${ops.unset}::text[],
      updated_at = now()
    RETURNING id`;
  const [row] = rows;
  if (!row) throw new Error("user upsert returned no row");
  return row.id;
}

async function linkAnonymousId(tx: Tx, projectId: string, anonymousId: string, userId: string) {
  await tx.$executeRaw`
    INSERT INTO anonymous_links (project_id, anonymous_id, user_id)
    VALUES (${projectId}::uuid, ${anonymousId}, ${userId}::uuid)
    ON CONFLICT (project_id, anonymous_id) DO UPDATE SET user_id = EXCLUDED.user_id`;
}

async function linkedUserId(tx: Tx, projectId: string, anonymousId: string) {
  const link = await tx.anonymousLink.findUnique({
    where: { projectId_anonymousId: { projectId, anonymousId } },
    select: { userId: true },
  });
  return link?.userId ?? null;
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
      await linkAnonymousId(tx, projectId, anonymousId, userId);
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
      const userId = await linkedUserId(tx, projectId, anonymousId);
      if (!userId) return false;
      const identifier = await tx.user.findUniqueOrThrow({
        where: { id: userId },
        select: { identifier: true },
      });
      await upsertUser(tx, projectId, { ...change, identifier: identifier.identifier });
      return true;
    }, TRANSACTION_OPTIONS);
  }
}
