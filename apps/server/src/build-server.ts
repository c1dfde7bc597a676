import { readFileSync } from "node:fs";
import Fastify, { type FastifyInstance } from "fastify";
import type { Database } from "@inlet/db";
import type { Config } from "./env.ts";
import { loggerOptions } from "./logger.ts";
import { dashboardRoutes } from "./routes/dashboard.ts";
import { healthRoutes } from "./routes/health.ts";

export interface ServerDependencies {
  config: Config;
  database: Database;
}

/** Builds the whole HTTP surface without listening, so tests and main share one wiring. */
export async function buildServer({
  config,
  database,
}: ServerDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
    trustProxy: config.trustProxy,
    // Slow or stalled clients must not hold sockets forever.
    requestTimeout: 15_000,
    connectionTimeout: 30_000,
    keepAliveTimeout: 5_000,
    ...(config.tls && {
      https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) },
    }),
  });

  await app.register(healthRoutes, { database });
  await app.register(dashboardRoutes, { dashboardDir: config.dashboardDir });
  return app;
}
