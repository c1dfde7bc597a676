// The ingest_batches migration on a database with data: every stored idempotency key moves to the key table, timed by its event.
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterEach, expect, it } from "vitest";
import { createFreshPostgresDatabase, testDatabaseKind } from "../../../test-support/postgres.ts";
import { readMigrations } from "../src/index.ts";

const MIGRATION = "20261202000200_ingest_batches";

interface Sql {
  exec(sql: string): Promise<void>;
  rows<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshSql(): Promise<Sql> {
  if (testDatabaseKind() === "pglite") {
    const db = new PGlite();
    return {
      exec: async (sql) => void (await db.exec(sql)),
      rows: async <T>(sql: string) => (await db.query<T>(sql)).rows,
      close: () => db.close(),
    };
  }
  const fresh = await createFreshPostgresDatabase("key-migration");
  const client = new pg.Client({ connectionString: fresh.url });
  await client.connect();
  cleanups.push(() => fresh.drop());
  return {
    exec: async (sql) => void (await client.query(sql)),
    rows: async <T>(sql: string) => (await client.query(sql)).rows as T[],
    close: () => client.end(),
  };
}

it("moves every stored idempotency key to idempotency_keys and keeps deduplicating", async () => {
  const sql = await freshSql();
  cleanups.push(() => sql.close());
  const migrations = await readMigrations();
  const at = migrations.findIndex((m) => m.name === MIGRATION);
  expect(at).toBeGreaterThan(0);
  for (const migration of migrations.slice(0, at)) await sql.exec(migration.sql);

  const project = "00000000-0000-4000-8000-000000000001";
  await sql.exec(`
    INSERT INTO projects (id, name) VALUES ('${project}', 'p');
    INSERT INTO events (id, project_id, anonymous_id, name, idempotency_key, received_at) VALUES
      ('00000000-0000-4000-8000-0000000000a1', '${project}', 'v', 'keyed', 'k1', '2026-11-20T10:00:00Z'),
      ('00000000-0000-4000-8000-0000000000a2', '${project}', 'v', 'keyed', 'k2', '2026-11-21T10:00:00Z'),
      ('00000000-0000-4000-8000-0000000000a3', '${project}', 'v', 'unkeyed', NULL, '2026-11-22T10:00:00Z');`);
  for (const migration of migrations.slice(at)) await sql.exec(migration.sql);

  const keys = await sql.rows<{ key: string; event_id: string; created_at: Date | string }>(
    `SELECT key, event_id, created_at FROM idempotency_keys ORDER BY key`,
  );
  expect(keys.map((k) => [k.key, k.event_id, new Date(k.created_at).toISOString()])).toEqual([
    ["k1", "00000000-0000-4000-8000-0000000000a1", "2026-11-20T10:00:00.000Z"],
    ["k2", "00000000-0000-4000-8000-0000000000a2", "2026-11-21T10:00:00.000Z"],
  ]);
  // The key table now decides; events may hold a key twice (a retry after the window).
  await sql.exec(
    `INSERT INTO events (id, project_id, anonymous_id, name, idempotency_key) VALUES
       ('00000000-0000-4000-8000-0000000000a4', '${project}', 'v', 'keyed', 'k1')`,
  );
  await expect(
    sql.exec(
      `INSERT INTO idempotency_keys (project_id, key, event_id) VALUES ('${project}', 'k1', '00000000-0000-4000-8000-0000000000a4')`,
    ),
  ).rejects.toThrow();
});
