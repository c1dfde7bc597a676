import type { FastifyInstance } from "fastify";

// Often enough that nothing lives much past its retention, rarely enough to cost nothing.
const PRUNE_INTERVAL_MS = 6 * 3600 * 1000;
// Not at the very start: a starting process has readiness checks and warm-up to answer first.
const FIRST_PRUNE_DELAY_MS = 60_000;

/**
 * Runs a retention delete a minute after start and every six hours after. Every process
 * does it; the deletes are idempotent, so several processes only repeat each other.
 * `prune` resolves with how many rows it deleted.
 */
export function schedulePruning(
  app: FastifyInstance,
  what: string,
  prune: () => Promise<number>,
): void {
  const run = () =>
    prune().then(
      (count) => {
        if (count > 0) app.log.info({ count }, `pruned old ${what}`);
      },
      (error: unknown) => app.log.warn({ err: error }, `could not prune ${what}`),
    );
  let first: NodeJS.Timeout | undefined;
  let timer: NodeJS.Timeout | undefined;
  app.addHook("onReady", async () => {
    first = setTimeout(() => void run(), FIRST_PRUNE_DELAY_MS).unref();
    timer = setInterval(() => void run(), PRUNE_INTERVAL_MS).unref();
  });
  app.addHook("preClose", async () => {
    clearTimeout(first);
    clearInterval(timer);
  });
}
