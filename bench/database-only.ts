// The database side on its own: how many events/s PostgreSQL stores on this machine with
// Inlet's own commit (the group-commit statement, counters and catalogue included, and for
// identified events the user upserts and links), called straight from this process: no
// HTTP, no validation. Beside the rate, the PostgreSQL backends' CPU per event, read from
// /proc, which stays comparable when the machine is shared.
// Run: node --import tsx bench/database-only.ts (or as a phase of `pnpm bench`).
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { openDatabase, type Database } from "@inlet/db";
import type { TrackJob } from "../apps/server/src/ingest/track-batch.ts";
import { KnownCatalog } from "../apps/server/src/ingest/catalog-cache.ts";
import { commitTrackBatch } from "../apps/server/src/ingest/track-batch.ts";
import { backendCpu } from "./backend-cpu.ts";
import { createPostgresScratch, seedProject, withDatabase, type BenchProject } from "./database.ts";
import { USER_AGENT } from "./load.ts";
import { benchUser, USER_COUNT } from "./traffic.ts";

export type DatabaseOnlyShape = "anonymous" | "identified";

export interface DatabaseOnlyOptions {
  batch: number;
  connections: number;
  shape: DatabaseOnlyShape;
  seconds: number;
}

export interface DatabaseOnlyResult extends DatabaseOnlyOptions {
  eventsPerSecond: number;
  /** CPU of the PostgreSQL backends serving this run, per stored event. */
  databaseCpuUsPerEvent: number;
}

const CUSTOM_DATA = { plan: "pro", amount: "99.99", currency: "USD" };

/** A batch of jobs as the bench's bodies make them: the seed's purchase, with or without a user. */
export function jobsOf(
  project: { projectId: string; tokenId: string },
  shape: DatabaseOnlyShape,
  batch: number,
  next: () => number,
): TrackJob[] {
  return Array.from({ length: batch }, () => {
    const n = next();
    return {
      event: {
        id: randomUUID(),
        projectId: project.projectId,
        tokenId: project.tokenId,
        anonymousId: `visitor-${n % 1000}`,
        name: "purchase",
        url: null,
        customData: CUSTOM_DATA,
        customDataKinds: { plan: "text", amount: "text", currency: "text" },
        contextId: "database-only",
        userAgent: USER_AGENT,
        browser: "Chrome",
        os: "Linux",
        deviceType: "desktop",
        referrer: null,
        sdk: null,
        sdkVersion: null,
        idempotencyKey: null,
        batchId: null,
        occurredAt: new Date(),
        receivedAt: new Date(),
      },
      user: shape === "identified" ? { ...benchUser(n), avatarUrl: null, ops: null } : null,
      link: "server-keeps-link",
    };
  });
}

/** Stores batches of `batch` events on `connections` connections for `seconds`. */
export async function databaseOnly(
  url: string,
  project: BenchProject,
  options: DatabaseOnlyOptions,
): Promise<DatabaseOnlyResult> {
  const database: Database = await openDatabase({
    databaseUrl: url,
    dataDir: "unused",
    poolSize: options.connections,
  });
  try {
    const { id: tokenId } = await database.prisma.projectToken.findFirstOrThrow({
      where: { projectId: project.projectId },
      select: { id: true },
    });
    // As the server does: names and keys stored once are not probed again.
    const known = new KnownCatalog();
    const commit = async (jobs: TrackJob[]) => {
      await commitTrackBatch(database, jobs, known);
      known.learn(jobs.map((job) => job.event));
    };
    let counter = 0;
    const next = () => counter++ % USER_COUNT;
    const make = () =>
      jobsOf({ projectId: project.projectId, tokenId }, options.shape, options.batch, next);
    // Every user exists before the measurement, as after the first seconds of a load phase.
    if (options.shape === "identified")
      for (let i = 0; i < USER_COUNT; i += 500)
        await commit(jobsOf({ projectId: project.projectId, tokenId }, "identified", 500, next));
    // One round first: the pool opens its connections, so their backends can be measured.
    await Promise.all(Array.from({ length: options.connections }, () => commit(make())));
    const cpu = await backendCpu(url);
    let stored = 0;
    const started = performance.now();
    const deadline = Date.now() + options.seconds * 1000;
    const worker = async () => {
      while (Date.now() < deadline) {
        const jobs = make();
        await commit(jobs);
        stored += jobs.length;
      }
    };
    await Promise.all(Array.from({ length: options.connections }, worker));
    const elapsedS = (performance.now() - started) / 1000;
    const cpuSeconds = await cpu.used();
    return {
      ...options,
      eventsPerSecond: Math.round(stored / elapsedS),
      databaseCpuUsPerEvent: Math.round((cpuSeconds * 1e6) / stored),
    };
  } finally {
    await database.close();
  }
}

/** Run on its own: node --import tsx bench/database-only.ts (BENCH_DURATION_S per row). */
async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_DURATION_S ?? 8);
  const scratch = await createPostgresScratch();
  try {
    const url = "url" in scratch.target ? scratch.target.url : "";
    const project = await withDatabase(scratch.target, (db) => seedProject(db, "database only", 1));
    console.log(`PostgreSQL alone, Inlet's commit, ${seconds} s per row`);
    console.log("| shape | batch × connections | events/s | database CPU µs/event |");
    console.log("| --- | --- | ---: | ---: |");
    for (const shape of ["anonymous", "identified"] as const)
      for (const [batch, connections] of PLAN) {
        const result = await databaseOnly(url, project, { batch, connections, shape, seconds });
        console.log(
          `| ${shape} | ${batch} × ${connections} | ${result.eventsPerSecond.toLocaleString("en-US")} | ${result.databaseCpuUsPerEvent} |`,
        );
      }
  } finally {
    await scratch.remove();
  }
}

const PLAN = [
  [1, 4],
  [10, 4],
  [25, 2],
  [50, 4],
  [100, 4],
  [200, 2],
] as const;

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
