// How far a streaming replica falls behind while Inlet ingests: `node --import tsx
// bench/replica-lag.ts` (after `pnpm build:server`). Starts its own primary and replica
// (test-support/replica-pair.ts; needs root and the PostgreSQL server binaries), runs an
// Inlet on the primary with DATABASE_READ_URL on the replica, sends /e at a few rates and
// samples the lag every 100 ms. Never part of the test suite; figures go to docs/scaling.md.
import autocannon from "autocannon";
import pg from "pg";
import { replicaPairUnavailable, startReplicaPair } from "../test-support/replica-pair.ts";
import { seedProject, withDatabase } from "./database.ts";
import { BROWSER_HEADERS } from "./load.ts";
import { percentile } from "./report.ts";
import { killAllNow, startInlet } from "./servers.ts";
import { eventBody } from "./traffic.ts";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);
// Requests per second; 0 is as fast as the server answers (50 connections).
const RATES = (process.env.BENCH_LAG_RATES ?? "500,2000,0").split(",").map(Number);
const SAMPLE_EVERY_MS = 100;

interface Sample {
  /** pg_stat_replication on the primary: the last measured lag (0 once caught up). */
  replayLagMs: number;
  /** WAL the replica has not replayed yet. */
  behindBytes: number;
  /** The dashboard's figure: seconds since the last replayed commit while behind, else 0. */
  dashboardLagMs: number;
}

async function sample(primary: pg.Client, replica: pg.Client): Promise<Sample | null> {
  const stat = await primary.query<{ replay: number | null; lsn: string; behind: string | null }>(
    `SELECT EXTRACT(EPOCH FROM replay_lag)::float8 * 1000 AS replay, pg_current_wal_lsn()::text AS lsn,
            pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text AS behind
       FROM pg_stat_replication LIMIT 1`,
  );
  const row = stat.rows[0];
  if (!row) return null;
  // The same comparison as the server's replicaLagSeconds (packages/db/src/open-database.ts).
  const seen = await replica.query<{ behind: boolean; ms: number | null }>(
    `SELECT pg_last_wal_replay_lsn() < $1::pg_lsn AS behind,
            EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8 * 1000 AS ms`,
    [row.lsn],
  );
  const replayed = seen.rows[0];
  return {
    replayLagMs: row.replay ?? 0,
    behindBytes: Number(row.behind ?? 0),
    dashboardLagMs: replayed?.behind ? Math.max(0, replayed.ms ?? 0) : 0,
  };
}

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value);
  return {
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? NaN),
  };
};

async function main(): Promise<void> {
  const unavailable = replicaPairUnavailable();
  if (unavailable) throw new Error(unavailable);
  const pair = await startReplicaPair();
  try {
    const project = await withDatabase({ url: pair.primaryUrl }, (database) =>
      seedProject(database, "bench replica lag"),
    );
    const server = await startInlet(
      { url: pair.primaryUrl },
      { env: { DATABASE_READ_URL: pair.replicaUrl } },
    );
    const primary = new pg.Client({ connectionString: pair.primaryUrl });
    const replica = new pg.Client({ connectionString: pair.replicaUrl });
    await primary.connect();
    await replica.connect();
    try {
      console.log(`replica lag under /e load, ${DURATION_S} s per rate, sampled every 100 ms`);
      for (const rate of RATES) {
        const samples: Sample[] = [];
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            const next = await sample(primary, replica);
            if (next) samples.push(next);
            await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
          }
        })();
        const token = project.tokens[0] ?? "";
        const result = await autocannon({
          url: `${server.url}/e`,
          connections: 50,
          duration: DURATION_S,
          ...(rate > 0 && { overallRate: rate }),
          method: "POST",
          headers: BROWSER_HEADERS,
          body: eventBody(token, "purchase", "lag"),
        });
        sampling = false;
        await sampler;
        const replay = summary(samples.map((s) => s.replayLagMs));
        const dashboard = summary(samples.map((s) => s.dashboardLagMs));
        const behind = summary(samples.map((s) => s.behindBytes / 1024));
        console.log(
          `  ${rate > 0 ? `${rate}/s offered` : "unthrottled"}: ${Math.round(result["2xx"] / result.duration)} events/s stored;` +
            ` replay_lag ms p50 ${replay.p50} p99 ${replay.p99} max ${replay.max};` +
            ` dashboard lag ms p50 ${dashboard.p50} p99 ${dashboard.p99} max ${dashboard.max};` +
            ` WAL behind kB p50 ${behind.p50} p99 ${behind.p99} max ${behind.max} (${samples.length} samples)`,
        );
      }
    } finally {
      await primary.end();
      await replica.end();
      await server.stop();
    }
  } finally {
    pair.stop();
  }
}

process.once("exit", killAllNow);
await main().catch((error: unknown) => {
  console.log(
    `FAILURE: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
});
