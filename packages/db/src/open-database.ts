import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { pgliteSqlClient } from "./pglite-statements.ts";
import { postgresSqlClient } from "./postgres-statements.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { applyMigrations, readMigrations, type MigrationReport } from "./migrations.ts";
import {
  pgliteMigrationSession,
  postgresMigrationSession,
  withMigrationLock,
} from "./migration-sessions.ts";
import { ensureEventPartitionsAhead } from "./event-partitions.ts";
import { lockDataDirectory } from "./pglite-lock.ts";
import { createLocalLiveBus, type LiveBus } from "./live-bus.ts";
import { createPostgresLiveBus } from "./postgres-live-bus.ts";
import { pgliteExportReads, postgresExportReads, type ExportReads } from "./export-reads.ts";

export type DatabaseKind = "postgres" | "pglite";

export interface DatabaseOptions {
  /** A PostgreSQL connection string; without one, embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** A streaming replica of `databaseUrl`, for the dashboard's volume-bound reads. */
  readUrl?: string | undefined;
  /** PGlite data directory; `memory://` keeps it in memory (tests). */
  dataDir: string;
  poolSize?: number;
  /** How long to wait for a Postgres connection before failing a query. */
  connectTimeoutMs?: number;
  /**
   * How long a Postgres query may go unanswered before its connection counts as broken
   * (a silent network partition): 15 s unless a test needs to see it sooner.
   */
  queryDeadlineMs?: number;
  /** Errors of background connections (the live-stream listener), for logging. */
  onBackgroundError?: (error: unknown) => void;
}

export interface SqlQuery {
  /**
   * `name` makes it a prepared statement: each connection (PGlite's one session) parses
   * and plans the text once instead of on every call. Only for constant text.
   */
  query<Row>(text: string, params: unknown[], name?: string): Promise<Row[]>;
}

export interface SqlClient extends SqlQuery {
  /**
   * Runs `work` in one transaction on one connection: its statements commit together, at
   * the cost of one WAL flush instead of one each. Rolls back when `work` throws.
   */
  transaction<T>(work: (sql: SqlQuery) => Promise<T>): Promise<T>;
}

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  migrations: MigrationReport;
  /** Present on Postgres: connection settings for code that needs its own client (LISTEN). */
  postgresUrl: string | null;
  /** Present on PGlite: the embedded instance, for code that needs raw access. */
  pglite: PGlite | null;
  /**
   * Where reads whose cost grows with the data go (event and user lists, charts): the read
   * replica when one is configured, else `prisma` itself. Never for writes, sessions, token
   * checks or Live, which must see the primary's latest state.
   */
  reader: PrismaClient;
  /** Seconds the replica is behind the primary: null without one, 0 when caught up. */
  replicaLagSeconds(): Promise<number | null>;
  /** The live-stream channel: cross-process on Postgres, in-process on PGlite. */
  live: LiveBus;
  /**
   * Plain parameterised SQL on the same connections as `prisma`, for the one hot statement
   * (the group-committed event insert) where Prisma's per-query work is measurable.
   */
  sql: SqlClient;
  /**
   * Event exports' reads, which must not leave their rows piling up in the heap: on
   * Postgres a small pool of their own on the read URL (the replica when configured), on
   * PGlite the embedded instance's own queries (decision 020).
   */
  exportReads: ExportReads;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options)
    : openPglite(options.dataDir);
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const connectionTimeoutMillis = options.connectTimeoutMs ?? 3_000;
  const queryDeadlineMs = options.queryDeadlineMs ?? 15_000;
  const migrationClient = new pg.Client({ connectionString: url, connectionTimeoutMillis });
  await migrationClient.connect();
  let migrations: MigrationReport;
  try {
    migrations = await withMigrationLock(migrationClient, async () =>
      applyMigrations(postgresMigrationSession(migrationClient), await readMigrations()),
    );
  } finally {
    await migrationClient.end();
  }
  const openPool = (connectionString: string) => {
    const pool = new pg.Pool({
      connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis,
      // A connection whose peer vanished without a reset would otherwise wait forever.
      query_timeout: queryDeadlineMs,
      // Lets the kernel notice a peer that vanished while a connection sat idle.
      keepAlive: true,
    });
    // An idle connection that breaks must be replaced, not crash the process.
    pool.on("error", (error) => options.onBackgroundError?.(error));
    return pool;
  };
  const pool = openPool(url);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const replicaPool = options.readUrl ? openPool(options.readUrl) : null;
  const reader = replicaPool ? new PrismaClient({ adapter: new PrismaPg(replicaPool) }) : prisma;
  await ensurePartitionsAtStart(prisma, options.onBackgroundError);
  const live = await createPostgresLiveBus(url, options.onBackgroundError);
  // Two connections: each export holds one only while a batch is read (milliseconds).
  const exportReads = postgresExportReads({
    connectionString: options.readUrl ?? url,
    max: 2,
    connectionTimeoutMillis,
    deadlineMs: queryDeadlineMs,
    onBackgroundError: options.onBackgroundError,
  });
  return {
    kind: "postgres",
    prisma,
    reader,
    replicaLagSeconds: () => (replicaPool ? replicaLag(pool, replicaPool) : Promise.resolve(null)),
    live,
    migrations,
    postgresUrl: url,
    pglite: null,
    sql: postgresSqlClient(pool),
    exportReads,
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    close: async () => {
      await live.close();
      await exportReads.end();
      await prisma.$disconnect();
      await pool.end();
      if (replicaPool) {
        await reader.$disconnect();
        await replicaPool.end();
      }
    },
  };
}

/**
 * The months ahead get their partitions before the first insert. A failure (locks held
 * too long by another process's reads) does not stop the start: the default partition
 * takes the rows meanwhile, and the periodic check tries again.
 */
async function ensurePartitionsAtStart(
  prisma: PrismaClient,
  onError: ((error: unknown) => void) | undefined,
): Promise<void> {
  try {
    await ensureEventPartitionsAhead(prisma, new Date());
  } catch (error) {
    onError?.(error);
  }
}

/** A WAL position (`16/B374D848`) as a number, to compare two of them. */
const walPosition = (lsn: string) => {
  const [high = "0", low = "0"] = lsn.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
};

/**
 * Behind by the time since the replica last replayed a transaction, but only while it has
 * not replayed everything the primary has written: an idle primary is not a lagging replica.
 */
async function replicaLag(primary: pg.Pool, replica: pg.Pool): Promise<number> {
  // The primary first: what it had written before the replica is asked.
  const written = await primary.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
  const replayed = await replica.query<{ lsn: string | null; seconds: number | null }>(
    `SELECT pg_last_wal_replay_lsn()::text AS lsn,
            EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8 AS seconds`,
  );
  const primaryLsn = written.rows[0]?.lsn;
  const { lsn: replicaLsn, seconds } = replayed.rows[0] ?? { lsn: null, seconds: null };
  if (!primaryLsn || !replicaLsn) return 0;
  return walPosition(replicaLsn) < walPosition(primaryLsn) ? Math.max(0, seconds ?? 0) : 0;
}

// PGlite's WebAssembly memory never shrinks, and PostgreSQL's default 128 MB of shared
// buffers fills as the tables grow. The embedded database reads its files through the
// operating system's page cache anyway, so a smaller pool costs little (docs/performance.md).
const PGLITE_SHARED_BUFFERS = "32MB";

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith("memory://");
  const unlock = inMemory ? () => undefined : lockDataDirectory(dataDir);
  try {
    const pglite = await PGlite.create(inMemory ? dataDir : `${dataDir}/pgdata`, {
      startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
    });
    const migrations = await applyMigrations(
      pgliteMigrationSession(pglite),
      await readMigrations(),
    );
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    // One connection: nothing can hold a lock against it, so a failure here is a real one.
    await ensureEventPartitionsAhead(prisma, new Date());
    const live = createLocalLiveBus();
    return {
      kind: "pglite",
      prisma,
      reader: prisma,
      replicaLagSeconds: () => Promise.resolve(null),
      live,
      migrations,
      postgresUrl: null,
      pglite,
      sql: pgliteSqlClient(pglite),
      exportReads: pgliteExportReads(pglite),
      ping: async () => {
        await pglite.query("SELECT 1");
      },
      close: async () => {
        await live.close();
        await prisma.$disconnect();
        await pglite.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
