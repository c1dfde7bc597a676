import { setTimeout as sleep } from "node:timers/promises";
import {
  ensureEventPartitionsAhead,
  finishLegacyMove,
  legacyEventsPresent,
  moveLegacyBatch,
  preparePartitionsForLegacy,
  type PrismaClient,
} from "@inlet/db";
import type { FastifyInstance } from "fastify";

export interface LayoutTiming {
  /** How often the months ahead are checked for partitions (also done at every start). */
  ensureIntervalMs: number;
  /** Before moving rows of the previous layout: a starting process answers first. */
  moveDelayMs: number;
  moveBatchSize: number;
  /** The pause after a batch is at least this, and at least as long as the batch took. */
  moveMinPauseMs: number;
}

export const DEFAULT_LAYOUT_TIMING: LayoutTiming = {
  ensureIntervalMs: 6 * 3600 * 1000,
  moveDelayMs: 10_000,
  moveBatchSize: 5_000,
  moveMinPauseMs: 100,
};

/**
 * Keeps the events table's layout up: partitions for the months ahead, checked
 * periodically, and on an install upgraded with events, their move into the partitioned
 * table in the background, batch by batch, the final layout put in place when it is done.
 */
export function scheduleEventLayout(
  app: FastifyInstance,
  prisma: PrismaClient,
  now: () => Date,
  timing: LayoutTiming,
): void {
  let stopped = false;
  const stop = new AbortController();
  const pause = (ms: number) =>
    sleep(ms, undefined, { signal: stop.signal }).catch(() => undefined);
  let moving: Promise<void> | undefined;

  const move = async () => {
    if (!(await legacyEventsPresent(prisma))) return;
    await preparePartitionsForLegacy(prisma);
    let after: string | null = null;
    let total = 0;
    while (!stopped) {
      const started = performance.now();
      const outcome = await moveLegacyBatch(prisma, after, timing.moveBatchSize);
      if (outcome.kind === "done") return;
      if (outcome.kind === "moved") {
        total += outcome.count;
        after = outcome.last ?? after;
        if (outcome.count < timing.moveBatchSize) {
          if (await finishLegacyMove(prisma)) {
            app.log.info({ count: total }, "moved events into the partitioned table");
            return;
          }
          // Still in use, or rows this pass passed over: go round again after a while.
          after = null;
          await pause(timing.ensureIntervalMs / 60);
          continue;
        }
      }
      await pause(Math.max(timing.moveMinPauseMs, performance.now() - started));
    }
  };
  const startMove = () => {
    moving ??= move()
      .catch((error: unknown) => {
        if (!stopped)
          app.log.warn({ err: error }, "could not move events to the partitioned table");
      })
      .finally(() => (moving = undefined));
  };
  const ensure = () =>
    ensureEventPartitionsAhead(prisma, now()).then(
      (created) => {
        if (created.length > 0) app.log.info({ partitions: created }, "created event partitions");
      },
      (error: unknown) => app.log.warn({ err: error }, "could not create event partitions"),
    );

  let first: NodeJS.Timeout | undefined;
  let timer: NodeJS.Timeout | undefined;
  app.addHook("onReady", async () => {
    first = setTimeout(startMove, timing.moveDelayMs).unref();
    timer = setInterval(() => {
      void ensure();
      // A move that failed (say, the database was away) resumes with the next check.
      startMove();
    }, timing.ensureIntervalMs).unref();
  });
  // The batch in hand commits before the database closes.
  app.addHook("preClose", async () => {
    stopped = true;
    stop.abort();
    clearTimeout(first);
    clearInterval(timer);
    await moving;
  });
}
