// EXPLAIN (ANALYZE) of Inlet's ingest statement as group commit sends it, on a scratch
// database warmed with earlier batches: where the database's time per batch goes (planning,
// each CTE, the foreign-key triggers). BENCH_SHAPE=identified for batches with users,
// BENCH_BATCH for the batch size (default 25, a typical group-commit batch under load).
// Run: node --import tsx bench/explain-ingest.ts
import type { Database, SqlQuery } from "@inlet/db";
import { KnownCatalog } from "../apps/server/src/ingest/catalog-cache.ts";
import { commitTrackBatch } from "../apps/server/src/ingest/track-batch.ts";
import { withScratchProject } from "./database.ts";
import { jobsOf, type DatabaseOnlyShape } from "./database-only.ts";

const shape = (process.env.BENCH_SHAPE ?? "anonymous") as DatabaseOnlyShape;
const batch = Number(process.env.BENCH_BATCH ?? 25);
// Enough for every user of the rotation to exist before the explained batch.
const WARM_BATCHES = 420;

/** Runs every statement of `work` under EXPLAIN ANALYZE and prints the plans. */
function explaining(database: Database): { sql: SqlQuery } {
  const explain = (text: string) => `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${text}`;
  const print = (rows: { "QUERY PLAN": string }[]) =>
    console.log(rows.map((row) => row["QUERY PLAN"]).join("\n"), "\n");
  return {
    sql: {
      // Unnamed: EXPLAIN of a prepared statement's name would be another statement.
      query: async <Row>(text: string, params: unknown[]) => {
        print(await database.sql.query(explain(text), params));
        return [] as Row[];
      },
    },
  };
}

await withScratchProject("explain", async (database, project) => {
  const { id: tokenId } = await database.prisma.projectToken.findFirstOrThrow({
    where: { projectId: project.projectId },
    select: { id: true },
  });
  let counter = 0;
  const make = () =>
    jobsOf({ projectId: project.projectId, tokenId }, shape, batch, () => counter++ % 10_000);
  const known = new KnownCatalog();
  for (let i = 0; i < WARM_BATCHES; i++) {
    const jobs = make();
    await commitTrackBatch(database, jobs, known);
    known.learn(jobs.map((job) => job.event));
  }
  console.log(`${shape}, batch of ${batch}, after ${WARM_BATCHES} batches:\n`);
  await commitTrackBatch(explaining(database), make(), known);
});
