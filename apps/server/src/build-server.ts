import { readFileSync } from "node:fs";
import Fastify, { type FastifyInstance } from "fastify";
import type { Database } from "@inlet/db";
import type { Config } from "./env.ts";
import { loggerOptions } from "./logger.ts";
import { dashboardRoutes } from "./routes/dashboard.ts";
import { healthRoutes } from "./routes/health.ts";
import { ingestRoutes } from "./ingest/ingest-routes.ts";
import { DEFAULT_INGEST_LIMITS } from "@inlet/ingest";

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

  // Responses finished during shutdown close their connection, so keep-alive sockets
  // do not hold the process open after the last in-flight request.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onSend", async (_request, reply) => {
    if (closing) reply.header("connection", "close");
  });

  await app.register(healthRoutes, { database });
  await app.register(ingestRoutes, {
    database,
    limits: { ...DEFAULT_INGEST_LIMITS, bodyBytes: config.ingest.bodyLimitBytes },
    rateLimitPerSecond: config.ingest.rateLimitPerSecond,
    rateLimitBurst: config.ingest.rateLimitBurst,
  });
  await app.register(dashboardRoutes, { dashboardDir: config.dashboardDir });
  return app;
}
