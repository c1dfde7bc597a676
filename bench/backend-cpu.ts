// CPU used by the PostgreSQL backends serving one database, read from /proc: the database's
// share of a run's work, apart from the server's. Background processes (WAL writer,
// checkpointer) serve every database at once and are left out.
import pg from "pg";
import { readCpuSeconds } from "./servers.ts";

async function backendPids(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

/**
 * Starts counting; `used()` returns the CPU seconds the database's backends used since,
 * backends that appeared meanwhile counted whole (they did nothing but this run's work),
 * those that ended meanwhile up to their last reading (lost, hence an underestimate).
 */
export async function backendCpu(url: string): Promise<{ used(): Promise<number> }> {
  const before = new Map<number, number>();
  for (const pid of await backendPids(url)) before.set(pid, readCpuSeconds(pid) ?? 0);
  return {
    async used() {
      let total = 0;
      for (const pid of new Set([...before.keys(), ...(await backendPids(url))])) {
        const now = readCpuSeconds(pid);
        if (now !== null) total += now - (before.get(pid) ?? 0);
      }
      return total;
    },
  };
}
