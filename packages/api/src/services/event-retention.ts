import {
  EVENT_LAYOUT_LOCK_KEY,
  LAYOUT_LOCK_TIMEOUT,
  isLockTimeout,
  legacyEventsPresent,
  listMonthPartitions,
  type MonthPartition,
  type PrismaClient,
} from "@inlet/db";

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
  /** Monthly partitions dropped whole. */
  dropped: string[];
  /** Another process held the retention lock, so this pass left the work to it. */
  busy: boolean;
}

interface ProjectRetention {
  id: string;
  retention_days: number | null;
}

const cutoffOf = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/**
 * Drops a monthly partition when every row in it has expired for its project: no project
 * that keeps events longer (or forever) has a row there. Projects are read FOR SHARE, so a
 * retention being lengthened meanwhile waits for the drop, which then was still right. A
 * partition that cannot be locked at once is left to the batched deletes.
 */
export async function dropExpiredPartition(
  prisma: PrismaClient,
  partition: MonthPartition,
  now: Date,
): Promise<boolean> {
  try {
    return await prisma.$transaction(
      async (tx) => {
        const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(${EVENT_LAYOUT_LOCK_KEY}::bigint) AS locked`;
        if (!lock?.locked) return false;
        await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${LAYOUT_LOCK_TIMEOUT}'`);
        const projects = await tx.$queryRaw<ProjectRetention[]>`
          SELECT id::text AS id, retention_days FROM projects FOR SHARE`;
        const keepers = projects
          .filter(
            (p) => p.retention_days === null || partition.to > cutoffOf(now, p.retention_days),
          )
          .map((p) => p.id);
        const kept = await tx.$queryRawUnsafe<unknown[]>(
          `SELECT 1 FROM "${partition.name}" WHERE project_id = ANY($1::uuid[]) LIMIT 1`,
          keepers,
        );
        if (kept.length > 0) return false;
        await tx.$executeRawUnsafe(`DROP TABLE "${partition.name}"`);
        return true;
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (isLockTimeout(error)) return false;
    throw error;
  }
}

/**
 * Deletes up to `batchSize` events of one project received before `cutoff` from one table
 * (a partition, or the previous layout's table), in one short transaction; null when
 * another process is deleting now. Rows are picked and deleted by their physical address,
 * which no other index lookup beats.
 */
export async function expireEventBatch(
  prisma: PrismaClient,
  table: string,
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
      return tx.$executeRawUnsafe(
        `DELETE FROM "${table}" WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM "${table}"
           WHERE project_id = $1::uuid AND received_at < $2::timestamptz
           LIMIT $3))`,
        projectId,
        cutoff.toISOString(),
        batchSize,
      );
    },
    // A batch on a busy machine may take seconds; the default five would abort it.
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/** The tables that may hold events received before `cutoff`. */
async function tablesBefore(prisma: PrismaClient, cutoff: Date, legacy: boolean) {
  const partitions = await listMonthPartitions(prisma);
  return [
    ...(legacy ? ["events_legacy"] : []),
    ...partitions.filter((p) => p.from < cutoff).map((p) => p.name),
    "events_default",
  ];
}

/**
 * Expires every event past its project's retention: monthly partitions in which every row
 * has expired are dropped whole, the rest is deleted batch by batch with a pause between.
 * Only events go: users keep their properties even when none of their events are left.
 */
export async function expireEvents(
  prisma: PrismaClient,
  now: Date,
  options: ExpiryOptions,
): Promise<ExpiryReport> {
  const report: ExpiryReport = { deleted: 0, dropped: [], busy: false };
  // While rows of the previous layout are moving, the mover fills old partitions.
  const legacy = await legacyEventsPresent(prisma);
  if (!legacy) {
    const ended = new Date(now.getTime() - DAY_MS);
    for (const partition of await listMonthPartitions(prisma)) {
      if (partition.to > ended || options.stopped()) continue;
      if (await dropExpiredPartition(prisma, partition, now)) report.dropped.push(partition.name);
    }
  }
  const projects = await prisma.project.findMany({
    where: { retentionDays: { not: null } },
    select: { id: true, retentionDays: true },
    orderBy: { createdAt: "asc" },
  });
  for (const project of projects) {
    const cutoff = cutoffOf(now, project.retentionDays ?? 0);
    for (const table of await tablesBefore(prisma, cutoff, legacy)) {
      for (;;) {
        if (options.stopped()) return report;
        const started = performance.now();
        const count = await expireEventBatch(prisma, table, project.id, cutoff, options.batchSize);
        if (count === null) return { ...report, busy: true };
        report.deleted += count;
        if (count < options.batchSize) break;
        await options.pause(performance.now() - started);
      }
    }
  }
  return report;
}
