import type { PrismaClient } from "@inlet/db";

/** The longest retention a project may set (about ten years); null keeps events forever. */
export const MAX_RETENTION_DAYS = 3650;

// One key for every process: the one holding it deletes, the others skip their turn, so N
// processes do not multiply the delete load on the primary.
const RETENTION_LOCK_KEY = 7_315_202_614;
const DAY_MS = 24 * 3600 * 1000;

export interface ExpiryOptions {
  /** Rows per DELETE statement: small enough that each commits quickly. */
  batchSize: number;
  /** Waited between batches, so ingestion and reads get the database in between. */
  pause: (lastBatchMs: number) => Promise<void>;
  /** Checked between batches: a closing server stops after the batch in hand. */
  stopped: () => boolean;
}

export interface ExpiryReport {
  deleted: number;
  /** Another process held the retention lock, so this pass left the work to it. */
  busy: boolean;
}

/**
 * Deletes up to `batchSize` events of one project received before `cutoff`, in one short
 * transaction; null when another process is deleting now.
 */
export async function expireEventBatch(
  prisma: PrismaClient,
  projectId: string,
  cutoff: Date,
  batchSize: number,
): Promise<number | null> {
  return prisma.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(${RETENTION_LOCK_KEY}::bigint) AS locked`;
      if (!lock?.locked) return null;
      // The subquery walks the (project_id, received_at) index; LIMIT bounds the statement.
      return tx.$executeRaw`
        DELETE FROM "events" WHERE "id" IN (
          SELECT "id" FROM "events"
          WHERE "project_id" = ${projectId}::uuid AND "received_at" < ${cutoff}
          LIMIT ${batchSize}
        )`;
    },
    // A batch on a busy machine may take seconds; the default five would abort it.
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/**
 * Deletes every event past its project's retention, batch by batch with a pause between.
 * Only events go: users keep their properties even when none of their events are left.
 */
export async function expireEvents(
  prisma: PrismaClient,
  now: Date,
  options: ExpiryOptions,
): Promise<ExpiryReport> {
  const projects = await prisma.project.findMany({
    where: { retentionDays: { not: null } },
    select: { id: true, retentionDays: true },
    orderBy: { createdAt: "asc" },
  });
  let deleted = 0;
  for (const project of projects) {
    const cutoff = new Date(now.getTime() - (project.retentionDays ?? 0) * DAY_MS);
    for (;;) {
      if (options.stopped()) return { deleted, busy: false };
      const started = performance.now();
      const count = await expireEventBatch(prisma, project.id, cutoff, options.batchSize);
      if (count === null) return { deleted, busy: true };
      deleted += count;
      if (count < options.batchSize) break;
      await options.pause(performance.now() - started);
    }
  }
  return { deleted, busy: false };
}
