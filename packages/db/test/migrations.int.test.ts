// Migrations on fresh Postgres and PGlite databases, restarts, concurrent starts, the PGlite lock and buffer pool.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import {
  createFreshPostgresDatabase,
  testDatabaseKind,
  type FreshDatabase,
} from "../../../test-support/postgres.ts";
import { DataDirectoryLockedError, openDatabase, readMigrations } from "../src/index.ts";

const run = promisify(execFile);
const reporter = new URL("./open-and-report.ts", import.meta.url).pathname;
// `node --import tsx` keeps one process, so a SIGKILL really kills the database owner.
const nodeWithTsx = [process.execPath, "--import", "tsx"] as const;

async function openInChild(env: Record<string, string>) {
  const { stdout } = await run(nodeWithTsx[0], [...nodeWithTsx.slice(1), reporter], {
    env: { ...process.env, ...env },
  });
  return JSON.parse(stdout) as { applied: string[]; alreadyApplied: string[] };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshPostgres(): Promise<FreshDatabase> {
  const database = await createFreshPostgresDatabase("migrations");
  cleanups.push(() => database.drop());
  return database;
}

function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "inlet-migrations-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe.runIf(testDatabaseKind() === "postgres")("migrations on Postgres", () => {
  it("applies every migration to a fresh database and records it as Prisma does", async () => {
    const { url } = await freshPostgres();
    const migrations = await readMigrations();
    const database = await openDatabase({ databaseUrl: url, dataDir: "unused" });
    await database.close();
    expect(database.migrations.applied).toEqual(migrations.map((m) => m.name));

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const records = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
    }>(
      `SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name`,
    );
    const tables = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    await client.end();
    expect(records.rows.map((r) => [r.migration_name, r.checksum])).toEqual(
      migrations.map((m) => [m.name, m.checksum]),
    );
    expect(records.rows.every((r) => r.finished_at instanceof Date)).toBe(true);
    expect(tables.rows.map((r) => r.tablename)).toEqual(
      expect.arrayContaining([
        "projects",
        "project_tokens",
        "users",
        "events",
        "admins",
        "daily_salts",
      ]),
    );
  });

  it("applies nothing twice on restart", async () => {
    const { url } = await freshPostgres();
    await openInChild({ TEST_DATABASE_URL: url });
    const second = await openInChild({ TEST_DATABASE_URL: url });
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied.length).toBeGreaterThan(0);
  });

  it("applies each migration exactly once when two processes start at once", async () => {
    const { url } = await freshPostgres();
    const reports = await Promise.all([
      openInChild({ TEST_DATABASE_URL: url }),
      openInChild({ TEST_DATABASE_URL: url }),
    ]);
    const migrations = await readMigrations();
    expect(reports.flatMap((r) => r.applied).sort()).toEqual(migrations.map((m) => m.name).sort());
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) FROM _prisma_migrations`,
    );
    await client.end();
    expect(Number(rows[0]?.count)).toBe(migrations.length);
  });
});

describe("migrations on PGlite", () => {
  it("creates a fresh data directory, then reopens it without applying anything", async () => {
    const dataDir = freshDataDir();
    const first = await openInChild({ TEST_DATA_DIR: dataDir });
    expect(first.applied.length).toBeGreaterThan(0);
    const second = await openDatabase({ dataDir });
    try {
      expect(second.migrations.applied).toEqual([]);
      const project = await second.prisma.project.create({
        data: { name: "kept" },
        select: { name: true },
      });
      expect(project.name).toBe("kept");
    } finally {
      await second.close();
    }
  });

  it("runs the embedded database with a 32 MB buffer pool, not PostgreSQL's 128 MB", async () => {
    const database = await openDatabase({ dataDir: freshDataDir() });
    try {
      const shown = await database.pglite?.query<{ shared_buffers: string }>("SHOW shared_buffers");
      expect(shown?.rows[0]?.shared_buffers).toBe("32MB");
    } finally {
      await database.close();
    }
  });

  it("refuses a second process opening the same directory", async () => {
    const dataDir = freshDataDir();
    const holder = spawn(nodeWithTsx[0], [...nodeWithTsx.slice(1), reporter], {
      env: { ...process.env, TEST_DATA_DIR: dataDir, TEST_HOLD_OPEN: "1" },
    });
    cleanups.push(() => void holder.kill("SIGKILL"));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("open") && resolve());
      holder.on("exit", (code) => reject(new Error(`holder exited early with ${code}`)));
    });
    await expect(openDatabase({ dataDir })).rejects.toThrow(DataDirectoryLockedError);
    await expect(openDatabase({ dataDir })).rejects.toThrow(/already open in process/);
  });

  it("reclaims the lock left by a process that was killed", async () => {
    const dataDir = freshDataDir();
    const holder = spawn(nodeWithTsx[0], [...nodeWithTsx.slice(1), reporter], {
      env: { ...process.env, TEST_DATA_DIR: dataDir, TEST_HOLD_OPEN: "1" },
    });
    await new Promise<void>((resolve) =>
      holder.stdout.on("data", (c: Buffer) => c.toString().includes("open") && resolve()),
    );
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.on("exit", resolve));
    const reopened = await openDatabase({ dataDir });
    expect(reopened.migrations.applied).toEqual([]);
    await reopened.close();
  });
});
