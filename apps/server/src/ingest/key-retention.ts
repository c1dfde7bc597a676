import type { PrismaClient } from "@inlet/db";

const DAY_MS = 86_400_000;
// Small deletes keep each transaction short beside ingestion's inserts.
const PRUNE_CHUNK = 10_000;

/**
 * Forgets idempotency keys older than the deduplication window, a chunk at a time.
 * Returns how many were deleted. A key forgotten this way no longer marks a retry as a
 * duplicate: the retry is stored as a new event.
 */
export async function pruneIdempotencyKeys(
  prisma: PrismaClient,
  windowDays: number,
  now: Date,
): Promise<number> {
  const before = new Date(now.getTime() - windowDays * DAY_MS);
  let total = 0;
  for (;;) {
    const deleted = await prisma.$executeRaw`
      DELETE FROM idempotency_keys WHERE ctid IN (
        SELECT ctid FROM idempotency_keys WHERE created_at < ${before} LIMIT ${PRUNE_CHUNK})`;
    total += deleted;
    if (deleted < PRUNE_CHUNK) return total;
  }
}
