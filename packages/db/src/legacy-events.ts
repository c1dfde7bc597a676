import {
  EVENT_LAYOUT_LOCK_KEY,
  LAYOUT_LOCK_TIMEOUT,
  ensureMonthPartitions,
} from "./event-partitions.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";

// An install upgraded with events keeps them in events_legacy, and "events" is a view of
// both tables until they are moved (see the partitioned_events migration and decision 016).
// These move them in batches and then put the final layout in place.

const COLUMNS = [
  "id",
  "project_id",
  "token_id",
  "user_id",
  "anonymous_id",
  "name",
  "url",
  "custom_data",
  "context_id",
  "user_agent",
  "browser",
  "os",
  "device_type",
  "referrer",
  "sdk",
  "sdk_version",
  "idempotency_key",
  "occurred_at",
  "received_at",
  "batch_id",
]
  .map((column) => `"${column}"`)
  .join(", ");

// One statement, so one transaction: a row is in exactly one of the two tables for every
// reader, and a writer holding it makes the move wait (the view's triggers rely on that).
const MOVE_BATCH = `
  WITH picked AS (
    SELECT "id" FROM "events_legacy" WHERE $1::uuid IS NULL OR "id" > $1::uuid ORDER BY "id" LIMIT $2
  ), moved AS (
    DELETE FROM "events_legacy" WHERE "id" IN (SELECT "id" FROM picked) RETURNING ${COLUMNS}
  ), stored AS (
    INSERT INTO "events_partitioned" (${COLUMNS}) SELECT ${COLUMNS} FROM moved RETURNING "id"
  )
  SELECT count(*)::int AS moved, max("id"::text) AS last FROM stored`;

// The statements the migration runs when there is nothing to move.
const FINAL_LAYOUT = [
  `DROP VIEW "events"`,
  `DROP FUNCTION "events_view_insert"()`,
  `DROP FUNCTION "events_view_update"()`,
  `DROP FUNCTION "events_view_delete"()`,
  `DROP TABLE "events_legacy"`,
  `ALTER TABLE "events_partitioned" RENAME TO "events"`,
];

export async function legacyEventsPresent(prisma: PrismaClient): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ present: boolean }[]>`
    SELECT to_regclass('events_legacy') IS NOT NULL AS present`;
  return row?.present ?? false;
}

/** Creates a partition for every month the old table has rows in, so moved rows find one. */
export async function preparePartitionsForLegacy(prisma: PrismaClient): Promise<string[]> {
  const [span] = await prisma.$queryRaw<{ first: Date | null; last: Date | null }[]>`
    SELECT min("received_at") AS first, max("received_at") AS last FROM "events_legacy"`;
  return span?.first && span.last ? ensureMonthPartitions(prisma, span.first, span.last) : [];
}

export type MoveOutcome =
  | { kind: "moved"; count: number; last: string | null }
  /** Another process holds the layout lock (moving, or changing partitions). */
  | { kind: "busy" }
  /** The old table is gone: the move is finished. */
  | { kind: "done" };

/** Moves up to `batchSize` rows after the id `after` (null: from the start), in id order. */
export async function moveLegacyBatch(
  prisma: PrismaClient,
  after: string | null,
  batchSize: number,
): Promise<MoveOutcome> {
  return prisma.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(${EVENT_LAYOUT_LOCK_KEY}::bigint) AS locked`;
      if (!lock?.locked) return { kind: "busy" } as const;
      const [present] = await tx.$queryRaw<{ present: boolean }[]>`
        SELECT to_regclass('events_legacy') IS NOT NULL AS present`;
      if (!present?.present) return { kind: "done" } as const;
      const [row] = await tx.$queryRawUnsafe<{ moved: number; last: string | null }[]>(
        MOVE_BATCH,
        after,
        batchSize,
      );
      return { kind: "moved", count: row?.moved ?? 0, last: row?.last ?? null } as const;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/**
 * Replaces the view with the partitioned table once the old table is empty; false when it
 * is not (yet) or the view is in use for longer than the lock timeout.
 */
export async function finishLegacyMove(prisma: PrismaClient): Promise<boolean> {
  try {
    return await prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(${EVENT_LAYOUT_LOCK_KEY}::bigint)`;
        const [present] = await tx.$queryRaw<{ present: boolean }[]>`
          SELECT to_regclass('events_legacy') IS NOT NULL AS present`;
        if (!present?.present) return true;
        await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${LAYOUT_LOCK_TIMEOUT}'`);
        // Dropping the view first waits out every statement that reads through it.
        const [first, ...rest] = FINAL_LAYOUT;
        await tx.$executeRawUnsafe(first as string);
        const left = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "events_legacy" LIMIT 1`;
        if (left.length > 0) throw new NotEmpty();
        for (const statement of rest) await tx.$executeRawUnsafe(statement);
        return true;
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (error instanceof NotEmpty || isLockTimeout(error)) return false;
    throw error;
  }
}

class NotEmpty extends Error {}

/** PostgreSQL's lock_not_available (55P03), however the driver wrapped it. */
export function isLockTimeout(error: unknown): boolean {
  return String((error as { message?: unknown } | null)?.message ?? error).includes("lock timeout");
}
