import { runDeletionStep } from "@inlet/api";
import type { PrismaClient } from "@inlet/db";
import type { FastifyInstance } from "fastify";

// How soon a deletion requested on any process (or left unfinished by a stopped one) starts.
const POLL_INTERVAL_MS = 1_000;
// A breath between batches, so a long deletion never crowds out ingestion (PGlite has one connection).
const BATCH_PAUSE_MS = 10;

/**
 * Works through unfinished user deletions, one batch per transaction, on every process:
 * the job row lock (SKIP LOCKED) keeps two processes off the same deletion, and since the
 * progress is in the database a restarted server resumes where the last batch ended.
 */
export function scheduleUserDeletions(
  app: FastifyInstance,
  prisma: PrismaClient,
  now: () => Date,
): void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake = () => {};
  let running: Promise<void> = Promise.resolve();

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms).unref();
    });

  async function loop() {
    // One warning per run of failures: an unreachable database must not log every second.
    let failing = false;
    while (!stopped) {
      let worked = false;
      try {
        worked = await runDeletionStep(prisma, { now });
        failing = false;
      } catch (error) {
        if (!failing) app.log.warn({ err: error }, "a user deletion batch failed; it is retried");
        failing = true;
      }
      await wait(worked ? BATCH_PAUSE_MS : POLL_INTERVAL_MS);
    }
  }

  app.addHook("onReady", async () => {
    running = loop();
  });
  // Stops before the database closes; the batch in progress commits or rolls back whole.
  app.addHook("preClose", async () => {
    stopped = true;
    clearTimeout(timer);
    wake();
    await running;
  });
}
