import { setTimeout as sleep } from "node:timers/promises";
import { expireEvents } from "@inlet/api";
import type { PrismaClient } from "@inlet/db";
import type { FastifyInstance } from "fastify";

export interface RetentionTiming {
  /** Not at the very start: a starting process has readiness checks and warm-up first. */
  firstDelayMs: number;
  /** Retention is counted in days, so an hour late is close enough. */
  intervalMs: number;
  batchSize: number;
  /** The pause after a batch is at least this, and at least as long as the batch took. */
  minPauseMs: number;
}

export const DEFAULT_RETENTION_TIMING: RetentionTiming = {
  firstDelayMs: 90_000,
  intervalMs: 3600 * 1000,
  batchSize: 5000,
  minPauseMs: 200,
};

/**
 * Deletes events past their project's retention in the background: one pass a little after
 * start and then every interval, each pass working through the whole backlog in batches.
 * Pausing as long as each batch took keeps the deleter to at most half of the time, so
 * ingestion never waits behind a long run of deletes.
 */
export function scheduleEventRetention(
  app: FastifyInstance,
  prisma: PrismaClient,
  now: () => Date,
  timing: RetentionTiming,
): void {
  let stopped = false;
  let running: Promise<void> | undefined;
  const stop = new AbortController();
  const pass = async () => {
    try {
      const report = await expireEvents(prisma, now(), {
        batchSize: timing.batchSize,
        stopped: () => stopped,
        pause: (lastBatchMs) =>
          sleep(Math.max(timing.minPauseMs, lastBatchMs), undefined, {
            signal: stop.signal,
          }).catch(() => undefined),
      });
      if (report.dropped.length > 0)
        app.log.info({ partitions: report.dropped }, "dropped expired event partitions");
      if (report.deleted > 0) app.log.info({ count: report.deleted }, "deleted expired events");
    } catch (error) {
      if (!stopped) app.log.warn({ err: error }, "could not delete expired events");
    }
  };
  // A pass still working through a large backlog is not started a second time.
  const start = () => {
    running ??= pass().finally(() => (running = undefined));
  };
  let first: NodeJS.Timeout | undefined;
  let timer: NodeJS.Timeout | undefined;
  app.addHook("onReady", async () => {
    first = setTimeout(start, timing.firstDelayMs).unref();
    timer = setInterval(start, timing.intervalMs).unref();
  });
  // The batch in hand finishes before the database closes.
  app.addHook("preClose", async () => {
    stopped = true;
    stop.abort();
    clearTimeout(first);
    clearInterval(timer);
    await running;
  });
}
