import cluster from "node:cluster";
import { setFlagsFromString } from "node:v8";
import { reportWorkerReady, superviseWorkers } from "./cluster.ts";
import { ConfigError, loadConfig } from "./env.ts";
import { ensureLocalCertificates } from "./http/local-certificates.ts";
import { startBanner } from "./start-banner.ts";
import { startInlet } from "./start-inlet.ts";

// V8 lets the old generation grow to several times what is live before collecting it, and
// ingestion's short-lived garbage filled that room: about 300 MB under load for 40 MB live.
// Growing by 30 % of the live size keeps a loaded server under 200 MB for a few µs of CPU
// per event (docs/performance.md, "Memory"). The heap's hard limit is untouched: a process
// that needs more still gets it. V8 reads this flag at every collection, so setting it here
// holds for every way the server is started.
setFlagsFromString("--heap-growing-percent=30");

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.workers > 1 && cluster.isPrimary) {
    // Made before the workers start, so they all read the same files rather than race.
    const caFile =
      !config.tls && config.localTls ? ensureLocalCertificates(config.dataDir).caFile : null;
    // Printed plainly: these are the lines a new user looks for.
    superviseWorkers(config, (url) =>
      console.log(
        startBanner({
          url: `${url} (${config.workers} worker processes)`,
          localTls: caFile ? { url: url.replace(/^http:/, "https:"), caFile } : undefined,
          needsFirstAdmin: false,
        }),
      ),
    );
    return;
  }
  const inlet = await startInlet(config);
  inlet.app.log.info(
    { url: inlet.url, database: config.databaseUrl ? "postgres" : `pglite at ${config.dataDir}` },
    "Inlet is listening",
  );
  if (cluster.isWorker) reportWorkerReady(inlet.url);
  else {
    // Printed plainly too: these are the lines a new user looks for.
    const needsFirstAdmin = (await inlet.database.prisma.admin.count()) === 0;
    console.log(startBanner({ url: inlet.url, localTls: inlet.localTls, needsFirstAdmin }));
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // A terminal's Ctrl-C reaches the cluster's workers twice (from the terminal and from
    // their primary); one graceful shutdown is enough.
    if (stopping) return;
    stopping = true;
    inlet.app.log.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      inlet.app.log.error("shutdown timed out; exiting");
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    inlet.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        inlet.app.log.error({ err: error }, "error during shutdown");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  console.error(`Inlet could not start: ${message}`);
  process.exit(1);
});
