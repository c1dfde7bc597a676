import cluster, { type Worker } from "node:cluster";
import type { Config } from "./env.ts";

/** What a worker tells the primary once it listens. */
export interface WorkerReady {
  inletReady: string;
}

const isWorkerReady = (message: unknown): message is WorkerReady =>
  typeof message === "object" &&
  message !== null &&
  typeof (message as WorkerReady).inletReady === "string";

const liveWorkers = () =>
  Object.values(cluster.workers ?? {}).filter(
    (worker): worker is Worker => worker !== undefined && !worker.isDead(),
  );

/**
 * The primary of `INLET_WORKERS=N`: forks N Inlet processes that share one port (Node's
 * cluster hands each new connection to one of them), replaces a worker that dies, and on
 * SIGTERM/SIGINT asks every worker to shut down gracefully and exits when they have.
 * Everything a request needs is in PostgreSQL, so any worker can answer any request.
 */
export function superviseWorkers(config: Config, announce: (url: string) => void): void {
  const ready = new Set<Worker>();
  let announced = false;
  let stopping = false;
  let failed = false;

  const fork = () => {
    const worker = cluster.fork();
    worker.on("message", (message: unknown) => {
      if (!isWorkerReady(message)) return;
      ready.add(worker);
      if (!announced && ready.size === config.workers) {
        announced = true;
        announce(message.inletReady);
      }
    });
  };

  cluster.on("exit", (worker, code, signal) => {
    const wasReady = ready.delete(worker);
    // A worker that never came up will not come up on a retry either (bad settings,
    // database unreachable): stop rather than fork forever.
    if (!stopping && !wasReady) {
      console.error(`Inlet could not start: a worker process exited (${signal ?? code})`);
      failed = true;
      stopWorkers("SIGTERM");
    }
    if (stopping) {
      // A replacement still starting when the stop came dies of the signal, as asked.
      failed ||= wasReady && code !== 0;
      if (liveWorkers().length === 0) process.exit(failed ? 1 : 0);
      return;
    }
    console.error(
      `Inlet worker ${worker.process.pid} exited (${signal ?? code}); starting another`,
    );
    fork();
  });

  const stopWorkers = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of liveWorkers()) worker.process.kill(signal);
    const force = setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 1_000);
    force.unref();
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (!stopping) stopWorkers(signal);
    });
  }

  for (let i = 0; i < config.workers; i++) fork();
}

/** In a worker, tells the primary this process is serving. */
export function reportWorkerReady(url: string): void {
  if (cluster.isWorker) process.send?.({ inletReady: url } satisfies WorkerReady);
}
