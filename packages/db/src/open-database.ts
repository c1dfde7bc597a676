import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/prisma/client.ts";
import { applyMigrations, readMigrations, type MigrationReport } from "./migrations.ts";
import {
  pgliteMigrationSession,
  postgresMigrationSession,
  withMigrationLock,
} from "./migration-sessions.ts";
import { lockDataDirectory } from "./pglite-lock.ts";
import { createLocalLiveBus, type LiveBus } from "./live-bus.ts";
import { createPostgresLiveBus } from "./postgres-live-bus.ts";

export type DatabaseKind = "postgres" | "pglite";

export interface DatabaseOptions {
  /** A PostgreSQL connection string; without one, embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` keeps it in memory (tests). */
  dataDir: string;
  poolSize?: number;
  /** How long to wait for a Postgres connection before failing a query. */
  connectTimeoutMs?: number;
  /** Errors of background connections (the live-stream listener), for logging. */
  onBackgroundError?: (error: unknown) => void;
}

export interface SqlClient {
  query<Row>(text: string, params: unknown[]): Promise<Row[]>;
}

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  migrations: MigrationReport;
  /** Present on Postgres: connection settings for code that needs its own client (LISTEN). */
  postgresUrl: string | null;
  /** Present on PGlite: the embedded instance, for code that needs raw access. */
  pglite: PGlite | null;
  /** The live-stream channel: cross-process on Postgres, in-process on PGlite. */
  live: LiveBus;
  /**
   * Plain parameterised SQL on the same connections as `prisma`, for the one hot statement
   * (the group-committed event insert) where Prisma's per-query work is measurable.
   */
  sql: SqlClient;
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
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis,
    // A connection whose peer vanished without a reset would otherwise wait forever.
    query_timeout: 15_000,
    // Lets the kernel notice a peer that vanished while a connection sat idle.
    keepAlive: true,
  });
  // An idle connection that breaks must be replaced, not crash the process.
  pool.on("error", (error) => options.onBackgroundError?.(error));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const live = await createPostgresLiveBus(url, options.onBackgroundError);
  return {
    kind: "postgres",
    prisma,
    live,
    migrations,
    postgresUrl: url,
    pglite: null,
    sql: {
      query: async <Row>(text: string, params: unknown[]) =>
        (await pool.query(text, params)).rows as Row[],
    },
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    close: async () => {
      await live.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith("memory://");
  const unlock = inMemory ? () => undefined : lockDataDirectory(dataDir);
  try {
    const pglite = await PGlite.create(inMemory ? dataDir : `${dataDir}/pgdata`);
    const migrations = await applyMigrations(
      pgliteMigrationSession(pglite),
      await readMigrations(),
    );
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    const live = createLocalLiveBus();
    return {
      kind: "pglite",
      prisma,
      live,
      migrations,
      postgresUrl: null,
      pglite,
      sql: {
        query: async <Row>(text: string, params: unknown[]) =>
          (await pglite.query<Row>(text, params)).rows,
      },
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
