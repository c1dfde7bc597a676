import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EVENT_TIME_MAX_HORIZON_DAYS } from "@inlet/contracts";
import { z } from "zod";

const defaultDashboardDir = fileURLToPath(new URL("../../dashboard/dist", import.meta.url));

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .transform((value) => value === "true" || value === "1");

// Every setting Inlet reads from its environment; the README lists the same names.
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z.url().optional(),
  DATABASE_READ_URL: z.url().optional(),
  INLET_DATA_DIR: z.string().min(1).default(".inlet"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  INLET_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  INLET_LOCAL_TLS: booleanFlag.default(true),
  TRUST_PROXY: booleanFlag.default(false),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  INLET_DASHBOARD_DIR: z.string().min(1).default(defaultDashboardDir),
  INGEST_BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(10_485_760).default(65_536),
  INGEST_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(5_000),
  INGEST_RATE_LIMIT_BURST: z.coerce.number().positive().optional(),
  INGEST_BATCH_MAX: z.coerce.number().int().min(1).max(10_000).default(500),
  INGEST_BATCH_DELAY_MS: z.coerce.number().min(0).max(1_000).default(2),
  INGEST_QUEUE_MAX: z.coerce.number().int().min(1).default(10_000),
  INGEST_BATCHES_IN_FLIGHT: z.coerce.number().int().min(1).max(32).default(2),
  INGEST_DEDUP_WINDOW_DAYS: z.coerce.number().int().min(30, "at least 30").default(35),
  // The ceiling is what event-time queries assume when they bound receive time.
  INGEST_TIME_HORIZON_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(EVENT_TIME_MAX_HORIZON_DAYS)
    .default(30),
  API_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(10),
  API_RATE_LIMIT_BURST: z.coerce.number().positive().optional(),
  LOG_REQUESTS: booleanFlag.default(false),
  LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().positive().default(10),
  PUBLIC_URL: z
    .url()
    .refine((value) => /^https?:\/\//.test(value), "must start with http:// or https://")
    .optional(),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(90, "at least 90").default(365),
  INLET_ADMIN_EMAIL: z.email().optional(),
  INLET_ADMIN_PASSWORD: z.string().min(10).max(200).optional(),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** A streaming replica of the database for the dashboard's volume-bound reads. */
  databaseReadUrl: string | undefined;
  dataDir: string;
  databasePoolSize: number;
  /** Processes serving one port (Node's cluster); more than one needs PostgreSQL. */
  workers: number;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  tls: { certFile: string; keyFile: string } | undefined;
  /** Also answer HTTPS on the same port with a certificate from a local CA (unless `tls`). */
  localTls: boolean;
  trustProxy: boolean;
  shutdownTimeoutMs: number;
  dashboardDir: string;
  ingest: {
    bodyLimitBytes: number;
    /** Sustained requests per second per project token, and the burst above it. */
    rateLimitPerSecond: number;
    rateLimitBurst: number;
    /** Group commit: events per transaction, the longest wait for company, and the queue bound. */
    batchMax: number;
    batchDelayMs: number;
    queueMax: number;
    batchesInFlight: number;
    /** How long an idempotency key (or batch item id) keeps a retry from storing twice. */
    dedupWindowDays: number;
    /** How far back a client's event time may lie; older events are refused. */
    timeHorizonDays: number;
  };
  /** Requests per second per secret key on /api/v1, and the burst above it. */
  api: { rateLimitPerSecond: number; rateLimitBurst: number };
  /** One log line per request; off by default to keep logging off the hot path. */
  logRequests: boolean;
  /** Sign-in attempts per minute, per account and per client address. */
  loginAttemptsPerMinute: number;
  /** Where users reach Inlet; invitation and reset links are built from it. */
  publicUrl: string | undefined;
  /** Audit entries older than this are deleted (never fewer than 90 days). */
  auditRetentionDays: number;
  /** Creates this admin at start when the install has none (unattended setup). */
  initialAdmin: { email: string; password: string } | undefined;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The only place that reads process.env; everything else receives a Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as it does for most servers.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid environment: ${problems.join("; ")}`);
  }
  const vars = parsed.data;
  if (Boolean(vars.INLET_ADMIN_EMAIL) !== Boolean(vars.INLET_ADMIN_PASSWORD)) {
    throw new ConfigError(
      "Invalid environment: INLET_ADMIN_EMAIL and INLET_ADMIN_PASSWORD must be set together",
    );
  }
  if (Boolean(vars.TLS_CERT_FILE) !== Boolean(vars.TLS_KEY_FILE)) {
    throw new ConfigError(
      "Invalid environment: TLS_CERT_FILE and TLS_KEY_FILE must be set together",
    );
  }
  if (vars.DATABASE_READ_URL && !vars.DATABASE_URL) {
    throw new ConfigError(
      "Invalid environment: DATABASE_READ_URL is a replica of DATABASE_URL, which must be set too",
    );
  }
  if (vars.INLET_WORKERS > 1 && !vars.DATABASE_URL) {
    throw new ConfigError(
      "Invalid environment: INLET_WORKERS above 1 needs PostgreSQL (set DATABASE_URL); the embedded database serves one process",
    );
  }
  return {
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL,
    databaseReadUrl: vars.DATABASE_READ_URL,
    dataDir: resolve(vars.INLET_DATA_DIR),
    databasePoolSize: vars.DATABASE_POOL_SIZE,
    workers: vars.INLET_WORKERS,
    logLevel: vars.LOG_LEVEL,
    tls:
      vars.TLS_CERT_FILE && vars.TLS_KEY_FILE
        ? { certFile: vars.TLS_CERT_FILE, keyFile: vars.TLS_KEY_FILE }
        : undefined,
    localTls: vars.INLET_LOCAL_TLS,
    trustProxy: vars.TRUST_PROXY,
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
    dashboardDir: resolve(vars.INLET_DASHBOARD_DIR),
    ingest: {
      bodyLimitBytes: vars.INGEST_BODY_LIMIT_BYTES,
      rateLimitPerSecond: vars.INGEST_RATE_LIMIT_PER_SECOND,
      rateLimitBurst: vars.INGEST_RATE_LIMIT_BURST ?? vars.INGEST_RATE_LIMIT_PER_SECOND * 2,
      batchMax: vars.INGEST_BATCH_MAX,
      batchDelayMs: vars.INGEST_BATCH_DELAY_MS,
      queueMax: vars.INGEST_QUEUE_MAX,
      batchesInFlight: vars.INGEST_BATCHES_IN_FLIGHT,
      dedupWindowDays: vars.INGEST_DEDUP_WINDOW_DAYS,
      timeHorizonDays: vars.INGEST_TIME_HORIZON_DAYS,
    },
    api: {
      rateLimitPerSecond: vars.API_RATE_LIMIT_PER_SECOND,
      rateLimitBurst: vars.API_RATE_LIMIT_BURST ?? vars.API_RATE_LIMIT_PER_SECOND * 2,
    },
    logRequests: vars.LOG_REQUESTS,
    loginAttemptsPerMinute: vars.LOGIN_ATTEMPTS_PER_MINUTE,
    publicUrl: vars.PUBLIC_URL?.replace(/\/+$/, ""),
    auditRetentionDays: vars.AUDIT_RETENTION_DAYS,
    initialAdmin:
      vars.INLET_ADMIN_EMAIL && vars.INLET_ADMIN_PASSWORD
        ? { email: vars.INLET_ADMIN_EMAIL, password: vars.INLET_ADMIN_PASSWORD }
        : undefined,
  };
}
