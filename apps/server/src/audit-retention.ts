import { pruneAudit } from "@inlet/api";
import type { PrismaClient } from "@inlet/db";
import type { FastifyInstance } from "fastify";

// Often enough that nothing lives much past its retention, rarely enough to cost nothing.
const PRUNE_INTERVAL_MS = 6 * 3600 * 1000;

/**
 * Deletes audit entries past their retention at start and every six hours. Every process
 * does it; the deletes are idempotent, so several processes only repeat each other.
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
  let timer: NodeJS.Timeout | undefined;
  app.addHook("onReady", async () => {
    void prune();
    timer = setInterval(() => void prune(), PRUNE_INTERVAL_MS).unref();
  });
  app.addHook("preClose", async () => clearInterval(timer));
}
