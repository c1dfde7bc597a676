import { randomBytes } from "node:crypto";
import pg from "pg";

export type TestDatabaseKind = "postgres" | "pglite";

/** Integration tests run against Postgres unless INLET_TEST_DB=pglite. */
export function testDatabaseKind(): TestDatabaseKind {
  return process.env.INLET_TEST_DB === "pglite" ? "pglite" : "postgres";
}

/** The server the tests create their databases on (trust auth in CI). */
export function postgresAdminUrl(): string {
  return process.env.INLET_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
}

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createFreshPostgresDatabase(purpose: string): Promise<FreshDatabase> {
  const name = `inlet_test_${purpose}_${randomBytes(6).toString("hex")}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
