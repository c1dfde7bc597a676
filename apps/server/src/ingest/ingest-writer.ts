import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "@inlet/db";
import type { UserDataOps } from "@inlet/ingest";

type Tx = Prisma.TransactionClient;

export interface EventRow {
  id: string;
  projectId: string;
  tokenId: string;
  anonymousId: string;
  name: string;
  url: string | null;
  customData: Record<string, string>;
  contextId: string | null;
  userAgent: string | null;
  browser: string | null;
  os: string | null;
  deviceType: string | null;
  referrer: string | null;
  sdk: string | null;
  sdkVersion: string | null;
  idempotencyKey: string | null;
  receivedAt: Date;
}

export interface UserChange {
  identifier: string;
  displayName: string | null;
  avatarUrl: string | null;
  ops: UserDataOps | null;
}

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

/** Inserts the event unless its idempotency key was seen; returns whether it was new. */
async function insertEvent(tx: Tx, event: EventRow, userId: string | null): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO events (id, project_id, token_id, user_id, anonymous_id, name, url, custom_data,
      context_id, user_agent, browser, os, device_type, referrer, sdk, sdk_version,
      idempotency_key, occurred_at, received_at)
    VALUES (${event.id}::uuid, ${event.projectId}::uuid, ${event.tokenId}::uuid, ${userId}::uuid,
      ${event.anonymousId}, ${event.name}, ${event.url}, ${JSON.stringify(event.customData)}::jsonb,
      ${event.contextId}, ${event.userAgent}, ${event.browser}, ${event.os}, ${event.deviceType},
      ${event.referrer}, ${event.sdk}, ${event.sdkVersion}, ${event.idempotencyKey},
      ${event.receivedAt}, ${event.receivedAt})
    ON CONFLICT (project_id, idempotency_key) DO NOTHING`;
  return inserted === 1;
}

/** The database side of ingestion; every method returns only after its commit. */
export class IngestWriter {
  constructor(private readonly prisma: PrismaClient) {}

  /** Stores one event; false when its idempotency key made it a duplicate. */
  track(event: EventRow, user: UserChange | null): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      let userId: string | null;
      if (user) {
        userId = await upsertUser(tx, event.projectId, user);
        await linkAnonymousId(tx, event.projectId, event.anonymousId, userId);
      } else {
        userId = await linkedUserId(tx, event.projectId, event.anonymousId);
      }
      return insertEvent(tx, event, userId);
    }, TRANSACTION_OPTIONS);
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
