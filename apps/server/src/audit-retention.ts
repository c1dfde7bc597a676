import { pruneAudit } from "@inlet/api";
import type { PrismaClient } from "@inlet/db";
import type { FastifyInstance } from "fastify";

// Often enough that nothing lives much past its retention, rarely enough to cost nothing.
const PRUNE_INTERVAL_MS = 6 * 3600 * 1000;
// Not at the very start: a starting process has readiness checks and warm-up to answer first.
const FIRST_PRUNE_DELAY_MS = 60_000;

/**
 * Deletes audit entries past their retention a minute after start and every six hours
 * after. Every process does it; the deletes are idempotent, so several processes only
 * repeat each other.
 */
export function scheduleAuditPruning(
  app: FastifyInstance,
  prisma: PrismaClient,
  retentionDays: number,
  now: () => Date,
): void {
  const prune = () =>
    pruneAudit(prisma, retentionDays, now()).then(
      (count) => {
        if (count > 0) app.log.info({ count, retentionDays }, "pruned old audit entries");
      },
      (error: unknown) => app.log.warn({ err: error }, "could not prune audit entries"),
    );
  let first: NodeJS.Timeout | undefined;
  let timer: NodeJS.Timeout | undefined;
  app.addHook("onReady", async () => {
    first = setTimeout(() => void prune(), FIRST_PRUNE_DELAY_MS).unref();
    timer = setInterval(() => void prune(), PRUNE_INTERVAL_MS).unref();
  });
  app.addHook("preClose", async () => {
    clearTimeout(first);
    clearInterval(timer);
  });
}
