import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createProject, createToken } from "@inlet/api";
import { openDatabase, type Database } from "@inlet/db";

const POSTGRES_ADMIN_URL =
  process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type DatabaseTarget = { url: string } | { dataDir: string };

export interface BenchProject {
  projectId: string;
  tokens: string[];
}

export interface Scratch {
  target: DatabaseTarget;
  describe: string;
  remove(): Promise<void>;
}

async function asPostgresAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh `inlet_bench_<random>` database, dropped by `remove`. */
export async function createPostgresScratch(): Promise<Scratch> {
  const name = `inlet_bench_${randomBytes(5).toString("hex")}`;
  await asPostgresAdmin(`CREATE DATABASE "${name}"`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    target: { url: url.toString() },
    describe: `postgres database ${name}`,
    remove: () => asPostgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/**
 * The database `name`, created if missing and kept afterwards: for a fill that takes longer
 * than the measurement, so it can be timed again (on a quieter machine, after a change).
 */
export async function keptPostgresDatabase(name: string): Promise<Scratch> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    target: { url: url.toString() },
    describe: `postgres database ${name} (kept)`,
    remove: () => Promise.resolve(),
  };
}

/** A fresh temp directory for PGlite, deleted by `remove`. */
export async function createPgliteScratch(): Promise<Scratch> {
  const dataDir = await mkdtemp(join(tmpdir(), "inlet-bench-"));
  return {
    target: { dataDir },
    describe: `pglite in ${dataDir}`,
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** Opens the database (applying migrations), runs `work`, and always closes it again. */
export async function withDatabase<T>(
  target: DatabaseTarget,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(
    "url" in target ? { databaseUrl: target.url, dataDir: "unused" } : { dataDir: target.dataDir },
  );
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** A project with `tokenCount` tokens (its default one included). */
export async function seedProject(
  database: Database,
  name: string,
  tokenCount = 10,
): Promise<BenchProject> {
  const { project, token } = await createProject(database.prisma, name);
  const tokens = [token.token];
  while (tokens.length < tokenCount) {
    tokens.push((await createToken(database.prisma, project.id, `bench ${tokens.length}`)).token);
  }
  return { projectId: project.id, tokens };
}

/**
 * A fresh PostgreSQL database holding one project with one token, open for `work` (with
 * `poolSize` connections), then dropped: the setting of the bench's one-off measurements.
 */
export async function withScratchProject<T>(
  name: string,
  work: (database: Database, project: BenchProject) => Promise<T>,
  { poolSize }: { poolSize?: number } = {},
): Promise<T> {
  const scratch = await createPostgresScratch();
  try {
    const url = "url" in scratch.target ? scratch.target.url : "";
    const database = await openDatabase({ databaseUrl: url, dataDir: "unused", poolSize });
    try {
      return await work(database, await seedProject(database, name, 1));
    } finally {
      await database.close();
    }
  } finally {
    await scratch.remove();
  }
}

/** The context id and name of every stored event of the project. */
export async function storedEvents(
  target: DatabaseTarget,
  projectId: string,
): Promise<{ contextId: string | null; name: string }[]> {
  return withDatabase(
    target,
    (database) =>
      database.prisma.$queryRaw<{ contextId: string | null; name: string }[]>`
      SELECT context_id AS "contextId", name FROM events WHERE project_id = ${projectId}::uuid`,
  );
}
