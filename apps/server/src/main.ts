import { ConfigError, loadConfig } from "./env.ts";
import { startInlet } from "./start-inlet.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  const inlet = await startInlet(config);
  inlet.app.log.info(
    { url: inlet.url, database: config.databaseUrl ? "postgres" : `pglite at ${config.dataDir}` },
    "Inlet is listening",
  );
  // Printed plainly too: this is the line a new user looks for.
  console.log(`Inlet is running at ${inlet.url}`);

  const shutdown = (signal: NodeJS.Signals) => {
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
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  console.error(`Inlet could not start: ${message}`);
  process.exit(1);
});
