import type { Prisma, PrismaClient } from "@inlet/db";

type Tx = Prisma.TransactionClient;

export interface DeletionStepOptions {
  /** Events deleted per transaction (by user id). */
  batchSize?: number;
  /** Events examined per transaction when looking for ones that name the identifier. */
  scanSize?: number;
  /**
   * How long after the request a deletion waits before its last step: an event admitted
   * before every process saw the suppression (token cache, then the write deadline) may
   * still commit, and recreate the user, within this time.
   */
  settleMs?: number;
  now?: () => Date;
}

export const DELETION_SETTLE_MS = 6_000;

interface Job {
  id: string;
  project_id: string;
  identifier_hash: string;
  identifier: string | null;
  user_id: string | null;
  phase: "user_events" | "matching_events" | "finishing";
  scan_cursor: string | null;
}

// Events that carry the identifier as a value elsewhere than their user: as the visitor id
// (a client that used it as its cookie), context, idempotency key, or a custom data value.
const NAMES_IDENTIFIER = `(
  e.anonymous_id = $2::text OR e.context_id = $2 OR e.idempotency_key = $2
  OR EXISTS (SELECT 1 FROM jsonb_each_text(e.custom_data) AS kv WHERE kv.value = $2))`;

/**
 * Does one batch of one unfinished deletion and returns whether there was work. The job's
 * row is locked for the batch (`FOR UPDATE SKIP LOCKED`): processes sharing the database
 * never work on the same deletion at once, and a restart resumes where the last committed
 * batch left off.
 */
export async function runDeletionStep(
  prisma: PrismaClient,
  options: DeletionStepOptions = {},
): Promise<boolean> {
  const now = options.now ?? (() => new Date());
  const settledBefore = new Date(now().getTime() - (options.settleMs ?? DELETION_SETTLE_MS));
  return prisma.$transaction(
    async (tx) => {
      const [job] = await tx.$queryRaw<Job[]>`
        SELECT id, project_id, identifier_hash, identifier, user_id, phase::text AS phase, scan_cursor
        FROM user_deletions
        WHERE phase <> 'done' AND (phase <> 'finishing' OR requested_at <= ${settledBefore})
        ORDER BY requested_at, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED`;
      if (!job) return false;
      if (job.phase === "user_events") await deleteUserEvents(tx, job, options.batchSize ?? 1_000);
      else if (job.phase === "matching_events")
        await deleteMatching(tx, job, options.scanSize ?? 5_000);
      else await finish(tx, job, now());
      return true;
    },
    { maxWait: 5_000, timeout: 30_000 },
  );
}

async function deleteUserEvents(tx: Tx, job: Job, batchSize: number) {
  const deleted = job.user_id
    ? await tx.$executeRaw`
        DELETE FROM events WHERE id IN (
          SELECT id FROM events WHERE user_id = ${job.user_id}::uuid LIMIT ${batchSize})`
    : 0;
  await tx.userDeletion.update({
    where: { id: job.id },
    data: {
      eventsDeleted: { increment: deleted },
      ...(deleted < batchSize && { phase: "matching_events" }),
    },
    select: { id: true },
  });
}

async function deleteMatching(tx: Tx, job: Job, scanSize: number) {
  // Keyset over the project's events by id: each batch examines the next scanSize of them.
  const rows = await tx.$queryRawUnsafe<{ id: string; names_identifier: boolean }[]>(
    `SELECT e.id, ${NAMES_IDENTIFIER} AS names_identifier
     FROM events e
     WHERE e.project_id = $1::uuid AND ($3::uuid IS NULL OR e.id > $3::uuid)
     ORDER BY e.id
     LIMIT ${scanSize}`,
    job.project_id,
    // null (never while the job runs) compares as unknown: nothing matches
    job.identifier,
    job.scan_cursor,
  );
  const matched = rows.filter((row) => row.names_identifier).map((row) => row.id);
  if (matched.length > 0)
    await tx.$executeRaw`DELETE FROM events WHERE id = ANY(${matched}::uuid[])`;
  const last = rows.at(-1)?.id ?? null;
  await tx.userDeletion.update({
    where: { id: job.id },
    data: {
      eventsDeleted: { increment: matched.length },
      scanCursor: last,
      ...(rows.length < scanSize && { phase: "finishing", scanCursor: null }),
    },
    select: { id: true },
  });
}

/**
 * The last step: a user recreated by an event that raced the suppression is deleted in
 * turn (its events by a new round); otherwise the placeholder row goes with any event that
 * reached it meanwhile, and the job forgets the identifier and the user's id.
 */
async function finish(tx: Tx, job: Job, now: Date) {
  const stillSuppressed = await tx.suppressedIdentifier.count({
    where: { projectId: job.project_id, identifierHash: job.identifier_hash },
  });
  const recreated =
    job.identifier && stillSuppressed > 0
      ? await tx.user.findFirst({
          where: { projectId: job.project_id, identifier: job.identifier, deletedAt: null },
          select: { id: true },
        })
      : null;
  if (job.user_id) {
    await tx.event.deleteMany({ where: { userId: job.user_id } });
    await tx.user.deleteMany({ where: { id: job.user_id } });
  }
  if (recreated) {
    await tx.anonymousLink.deleteMany({ where: { userId: recreated.id } });
    await tx.user.update({
      where: { id: recreated.id },
      data: {
        identifier: `deleted:${job.id}`,
        displayName: null,
        avatarUrl: null,
        properties: {},
        deletedAt: now,
      },
      select: { id: true },
    });
    await tx.userDeletion.update({
      where: { id: job.id },
      data: { userId: recreated.id, phase: "user_events" },
      select: { id: true },
    });
    return;
  }
  await tx.userDeletion.update({
    where: { id: job.id },
    data: { phase: "done", identifier: null, userId: null, scanCursor: null, finishedAt: now },
    select: { id: true },
  });
}
