import type pg from "pg";
import type { SqlClient, SqlQuery } from "./open-database.ts";

const queryOn = (client: pg.Pool | pg.PoolClient): SqlQuery => ({
  query: async <Row>(text: string, params: unknown[], name?: string) =>
    (await client.query({ text, values: params, name })).rows as Row[],
});

/** PostgreSQL's SqlClient: statements on the pool, transactions on one of its connections. */
export function postgresSqlClient(pool: pg.Pool): SqlClient {
  return {
    ...queryOn(pool),
    transaction: async <T>(work: (sql: SqlQuery) => Promise<T>) => {
      const client = await pool.connect();
      // A connection whose ROLLBACK failed is in an unknown state: the pool must drop it.
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await work(queryOn(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackError: unknown) => {
          broken =
            rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}
