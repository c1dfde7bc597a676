import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import type { MigrationSession } from "./migrations.ts";

// Any constant works; it only has to be the same in every Inlet process.
const MIGRATION_LOCK_KEY = 7_315_202_611;

/** Serialises migrations across processes that start at once against one Postgres. */
export async function withMigrationLock<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
  try {
    return await work();
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
  }
}

export function postgresMigrationSession(client: pg.Client): MigrationSession {
  return {
    query: async <Row>(sql: string, params?: unknown[]) =>
      (await client.query(sql, params)).rows as Row[],
    transaction: async (work) => {
      await client.query("BEGIN");
      try {
        await work({
          exec: async (script) => {
            await client.query(script);
          },
          query: async (sql, params) => {
            await client.query(sql, params);
          },
        });
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
  };
}

export function pgliteMigrationSession(pglite: PGlite): MigrationSession {
  return {
    query: async <Row>(sql: string, params?: unknown[]) =>
      (await pglite.query<Row>(sql, params)).rows,
    transaction: (work) =>
      pglite.transaction(async (tx) => {
        await work({
          exec: async (script) => {
            await tx.exec(script);
          },
          query: async (sql, params) => {
            await tx.query(sql, params);
          },
        });
      }),
  };
}
