import { readFileSync } from "node:fs";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { LiveFeed, SessionWatch } from "@inlet/api";
import type { Database } from "@inlet/db";
import { DEFAULT_INGEST_LIMITS } from "@inlet/ingest";
import { scheduleAuditPruning } from "./audit-retention.ts";
import { scheduleUserDeletions } from "./deletion-worker.ts";
import { pruneIdempotencyKeys } from "./ingest/key-retention.ts";
import { schedulePruning } from "./periodic-prune.ts";
import type { Config } from "./env.ts";
import {
  DEFAULT_RETENTION_TIMING,
  scheduleEventRetention,
  type RetentionTiming,
} from "./event-retention.ts";
import { DEFAULT_LAYOUT_TIMING, scheduleEventLayout, type LayoutTiming } from "./event-layout.ts";
import type { LocalCertificates } from "./http/local-certificates.ts";
import { lazyChildLogger } from "./http/lazy-logger.ts";
import { RateLimiter } from "./http/rate-limiter.ts";
import { acceptTlsOnSamePort } from "./http/same-port-tls.ts";
import { ingestRoutes } from "./ingest/ingest-routes.ts";
import { loggerOptions } from "./logger.ts";
import { readApiRoutes } from "./read-api/read-api-routes.ts";
import { dashboardRoutes } from "./routes/dashboard.ts";
import { dashboardExportRoutes } from "./routes/dashboard-export.ts";
import { openApiRoutes } from "./routes/openapi.ts";
import { healthRoutes } from "./routes/health.ts";
import { loadSdkScript, sdkScriptPath, sdkScriptRoutes } from "./routes/sdk-script.ts";
import { trpcRoutes } from "./routes/trpc.ts";

export interface ServerDependencies {
  config: Config;
  database: Database;
  /** Injectable so token expiry and session lifetimes are testable without sleeping. */
  now?: () => Date;
  /** When set (and no TLS files are configured), HTTPS is answered on the same port too. */
  localCertificates?: LocalCertificates | undefined;
  /** Injectable so tests need not wait the minutes before the first retention pass. */
  eventRetention?: RetentionTiming;
  /** Injectable so tests can move an upgraded install's events within seconds. */
  eventLayout?: LayoutTiming;
}

/** Builds the whole HTTP surface without listening, so tests and main share one wiring. */
export async function buildServer({
  config,
  database,
  now: clock,
  localCertificates,
  eventRetention = DEFAULT_RETENTION_TIMING,
  eventLayout = DEFAULT_LAYOUT_TIMING,
}: ServerDependencies): Promise<FastifyInstance> {
  const now = clock ?? (() => new Date());
  // The hot path reads the clock several times per request: no Date for each read.
  const nowMs = clock ? () => clock().getTime() : Date.now;
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
    logController: new LogController({ disableRequestLogging: !config.logRequests }),
    // Each request's child logger is made only if the request logs something.
    childLoggerFactory: lazyChildLogger,
    trustProxy: config.trustProxy,
    // Slow or stalled clients must not hold sockets forever.
    requestTimeout: 15_000,
    connectionTimeout: 30_000,
    keepAliveTimeout: 5_000,
    // A path parameter may be a user identifier: up to 255 characters, each up to 12 encoded.
    routerOptions: { maxParamLength: 4_096 },
    ...(config.tls && {
      https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) },
    }),
  });

  if (localCertificates && !config.tls) acceptTlsOnSamePort(app.server, localCertificates);

  const live = new LiveFeed(database.live, { now: nowMs });
  const sessionWatch = new SessionWatch(database.prisma, now);
  // Responses finished during shutdown close their connection, and live streams end, so
  // neither keeps the process open after the last in-flight request.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
    live.close();
    sessionWatch.close();
  });
  // Callback style: this runs on every reply, and an async hook costs a promise each time.
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (closing) reply.header("connection", "close");
    done(null, payload);
  });

  scheduleAuditPruning(app, database.prisma, config.auditRetentionDays, now);
  scheduleUserDeletions(app, database.prisma, now);
  schedulePruning(app, "idempotency keys", () =>
    pruneIdempotencyKeys(database.prisma, config.ingest.dedupWindowDays, now()),
  );
  scheduleEventRetention(app, database.prisma, now, eventRetention);
  scheduleEventLayout(app, database.prisma, now, eventLayout);
  const sdkScript = loadSdkScript();
  await app.register(healthRoutes, { database });
  await app.register(sdkScriptRoutes, sdkScript);
  await app.register(ingestRoutes, {
    database,
    limits: { ...DEFAULT_INGEST_LIMITS, bodyBytes: config.ingest.bodyLimitBytes },
    rateLimitPerSecond: config.ingest.rateLimitPerSecond,
    rateLimitBurst: config.ingest.rateLimitBurst,
    timeHorizonDays: config.ingest.timeHorizonDays,
    groupCommit: {
      maxBatch: config.ingest.batchMax,
      maxDelayMs: config.ingest.batchDelayMs,
      maxQueue: config.ingest.queueMax,
      maxInFlight: config.ingest.batchesInFlight,
      eagerWhenIdle: database.kind === "postgres",
    },
    now: nowMs,
  });
  await app.register(trpcRoutes, {
    dependencies: {
      prisma: database.prisma,
      reader: database.reader,
      replicaLagSeconds: () => database.replicaLagSeconds(),
      live,
      now,
      publicUrl: config.publicUrl ?? null,
      sessionWatch,
      instance: {
        localCaFile: localCertificates?.caFile ?? null,
        sdkScriptPath: sdkScriptPath(sdkScript.version),
      },
      loginLimiter: new RateLimiter(
        config.loginAttemptsPerMinute / 60,
        config.loginAttemptsPerMinute,
        nowMs,
      ),
    },
    secureCookies: Boolean(config.tls),
  });
  // The program surface: secret keys only, and its own error shape (JSON with a reason).
  await app.register(readApiRoutes, {
    prefix: "/api/v1",
    database,
    live,
    rateLimitPerSecond: config.api.rateLimitPerSecond,
    rateLimitBurst: config.api.rateLimitBurst,
    now: nowMs,
  });
  await app.register(dashboardExportRoutes, { database, now });
  await app.register(openApiRoutes);
  await app.register(dashboardRoutes, { dashboardDir: config.dashboardDir });
  return app;
}
