// `pnpm bench`: ingestion throughput, latency and live-stream delay of Inlet, side by side
// with an HTTP ceiling and a naive baseline, on fresh databases. Never part of CI's tests.
import { createAdmin } from "@inlet/api";
import {
  createPgliteScratch,
  createPostgresScratch,
  seedProject,
  withDatabase,
  type Scratch,
} from "./database.ts";
import { ADMIN, failures, livePhase, loadPhase, settings, type LoadOptions } from "./phases.ts";
import { exportFailures, exportPhase, printExports, type ExportRow } from "./export-memory.ts";
import { printReport, writeReport, type PhaseRow, type Report } from "./report.ts";
import { killAllNow, startCeiling, startInlet, startNaive } from "./servers.ts";
import { peerPhase, type PeerDrain } from "./peer-phase.ts";
import { redisAnswers } from "./redis.ts";
import { databaseOnly, type DatabaseOnlyResult } from "./database-only.ts";
import { alternatingRounds } from "./alternating-rounds.ts";

/** Events per request in the batch phase, and the database-only run beside it. */
const BATCH_SIZE = 100;
/** Connections of that database-only run: as many statements at once as help on 2 cores. */
const DATABASE_ONLY_CONNECTIONS = 4;

// `BENCH_PHASES=anonymous,mix` runs only those phases (e.g. to compare two builds back to back).
const PHASES = [
  "ceiling",
  "naive",
  "peer",
  "peerWorker",
  "anonymous",
  "identified",
  "userData",
  "mix",
  "batch",
  "pglite",
  "rounds",
  "live",
] as const;
// Opt-in phases run only when named: `BENCH_PHASES=export` seeds a million events
// (BENCH_EXPORT_EVENTS) and measures the server's memory while it exports them.
type OptIn = "export";
const chosen = new Set<string>(
  process.env.BENCH_PHASES?.split(",").map((name) => name.trim()) ?? PHASES,
);
const runs = (phase: (typeof PHASES)[number] | OptIn) => chosen.has(phase);

const scratches: Scratch[] = [];

async function cleanUp(): Promise<void> {
  killAllNow();
  for (const scratch of scratches.splice(0)) {
    await scratch.remove().catch((error: unknown) => {
      console.error(`could not remove ${scratch.describe}: ${String(error)}`);
    });
  }
}

/** The whole run stops by itself: a phase that hangs ends the run after its budget. */
function startWatchdog(): NodeJS.Timeout {
  const budgetMs = 15 * (settings.durationS + 90) * 1000;
  return setTimeout(() => {
    console.log(`FAILURE: the bench did not finish within ${budgetMs / 1000} s`);
    void cleanUp().finally(() => process.exit(1));
  }, budgetMs);
}

async function attempt<T>(phase: string, work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    failures.push(
      `${phase} did not complete: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
}

async function main(): Promise<number> {
  for (const [name, value] of Object.entries(settings)) {
    if (!(value > 0) && !(name === "ratePerSecond" && value === 0))
      throw new Error(`${name} must be a positive number, not ${value}`);
  }
  const postgres = await createPostgresScratch();
  scratches.push(postgres);
  const pglite = await createPgliteScratch();
  scratches.push(pglite);
  const pgTarget = postgres.target as { url: string };
  console.log(`setting up ${postgres.describe} and ${pglite.describe}`);
  const projects = await withDatabase(pgTarget, async (database) => {
    await createAdmin(database.prisma, ADMIN);
    return {
      naive: await seedProject(database, "bench naive"),
      inlet: await seedProject(database, "bench inlet"),
      live1: await seedProject(database, "bench live 1"),
      live10: await seedProject(database, "bench live 10"),
      live50: await seedProject(database, "bench live 50"),
      peer: await seedProject(database, "bench peer"),
      peerWorker: await seedProject(database, "bench peer with worker"),
      identified: await seedProject(database, "bench identified"),
      userData: await seedProject(database, "bench userData"),
      mix: await seedProject(database, "bench mix"),
      batch: await seedProject(database, "bench batch"),
      databaseOnly: await seedProject(database, "bench database only", 1),
    };
  });
  const pgliteProject = await withDatabase(pglite.target, (db) => seedProject(db, "bench pglite"));

  const inletPhase = (
    name: string,
    project: { projectId: string; tokens: string[] },
    options: LoadOptions = {},
  ) =>
    attempt(name, () =>
      loadPhase(
        name,
        () => startInlet(pgTarget),
        project.tokens,
        { target: pgTarget, project },
        options,
      ),
    );
  const redisUp = await redisAnswers();
  if (!redisUp && (runs("peer") || runs("peerWorker")))
    console.log("WARNING: no Redis at 127.0.0.1:6379; skipping the BullMQ peer phases");
  const peerRun = (phase: "peer" | "peerWorker", name: string) =>
    redisUp && runs(phase)
      ? attempt(name, () =>
          peerPhase(name, pgTarget.url, projects[phase], { withWorker: phase === "peerWorker" }),
        )
      : null;

  const rows = {
    ceiling: runs("ceiling")
      ? await attempt("HTTP ceiling", () =>
          loadPhase("HTTP ceiling (node:http)", startCeiling, projects.inlet.tokens),
        )
      : null,
    naive: runs("naive")
      ? await attempt("naive", () =>
          loadPhase(
            "naive (Fastify + Prisma create)",
            () => startNaive(pgTarget.url),
            projects.naive.tokens,
            { target: pgTarget, project: projects.naive },
          ),
        )
      : null,
    peer: await peerRun("peer", "peer (validate + BullMQ queue.add, Redis)"),
    peerWorker: await peerRun("peerWorker", "peer + its worker storing to Postgres"),
    anonymous: runs("anonymous") ? await inletPhase("Inlet /e, Postgres", projects.inlet) : null,
    identified: runs("identified")
      ? await inletPhase("Inlet /e identified, Postgres", projects.identified, {
          shape: "identified",
          sideTraffic: true,
        })
      : null,
    userData: runs("userData")
      ? await inletPhase("Inlet /e with userData, Postgres", projects.userData, {
          shape: "userData",
        })
      : null,
    mix: runs("mix")
      ? await inletPhase("Inlet /e mix, Postgres", projects.mix, {
          shape: "mix",
          sideTraffic: true,
        })
      : null,
    batch: runs("batch")
      ? await inletPhase(`Inlet /batch ×${BATCH_SIZE}, Postgres`, projects.batch, {
          batchSize: BATCH_SIZE,
        })
      : null,
    pglite: runs("pglite")
      ? await attempt("Inlet PGlite", () =>
          loadPhase("Inlet /e, PGlite", () => startInlet(pglite.target), pgliteProject.tokens, {
            target: pglite.target,
            project: pgliteProject,
          }),
        )
      : null,
  };
  const alternating = runs("rounds")
    ? await attempt("alternating rounds", () =>
        alternatingRounds(
          (name) => withDatabase(pgTarget, (database) => seedProject(database, name)),
          inletPhase,
        ),
      )
    : null;
  // The database alone with Inlet's statement at the batch phase's size: anonymous events
  // beside /batch, and identified ones beside the identified phase, to show where each is bound.
  const databaseOnlyRows: DatabaseOnlyResult[] = [];
  const databaseOnlyShapes = [
    ...(runs("batch") || runs("identified") ? (["anonymous"] as const) : []),
    ...(runs("identified") ? (["identified"] as const) : []),
  ];
  for (const shape of databaseOnlyShapes) {
    console.log(`phase: database only, ${shape}, batches of ${BATCH_SIZE}`);
    const row = await attempt(`database only, ${shape}`, () =>
      databaseOnly(pgTarget.url, projects.databaseOnly, {
        batch: BATCH_SIZE,
        connections: DATABASE_ONLY_CONNECTIONS,
        shape,
        seconds: settings.durationS,
      }),
    );
    if (row) databaseOnlyRows.push(row);
  }
  const databaseOnlyRate = (shape: DatabaseOnlyResult["shape"]) =>
    databaseOnlyRows.find((row) => row.shape === shape)?.eventsPerSecond ?? NaN;
  const live = runs("live")
    ? [
        await attempt("live delay, 1 subscriber", () => livePhase(pgTarget, projects.live1, 1)),
        await attempt("live delay, 10 subscribers", () => livePhase(pgTarget, projects.live10, 10)),
        await attempt("live delay, 50 subscribers", () => livePhase(pgTarget, projects.live50, 50)),
      ]
    : [];
  const exports: ExportRow[] = [];
  if (runs("export")) {
    const postgresExport = await attempt("export, Postgres", () =>
      exportPhase("export, Postgres", pgTarget),
    );
    const pgliteExport = await attempt("export, PGlite", () =>
      exportPhase("export, PGlite", pglite.target),
    );
    for (const row of [postgresExport, pgliteExport]) if (row) exports.push(row);
    failures.push(...exportFailures(exports));
  }
  const rate = (row: PhaseRow | null) => row?.eventsPerSecond ?? NaN;
  const peerStored = (rows.peerWorker?.details.drain as PeerDrain | undefined)?.storedPerSecond;
  const report: Report = {
    settings,
    throughput: Object.values(rows).filter((row) => row !== null),
    live: live.filter((row) => row !== null),
    ratios: {
      "Inlet Postgres / ceiling": rate(rows.anonymous) / rate(rows.ceiling),
      "Inlet Postgres / naive": rate(rows.anonymous) / rate(rows.naive),
      "Inlet PGlite / ceiling": rate(rows.pglite) / rate(rows.ceiling),
      "Inlet PGlite / naive": rate(rows.pglite) / rate(rows.naive),
      "Inlet Postgres / peer (BullMQ)": rate(rows.anonymous) / rate(rows.peer),
      "Inlet identified / anonymous": rate(rows.identified) / rate(rows.anonymous),
      "Inlet userData / anonymous": rate(rows.userData) / rate(rows.anonymous),
      "Inlet mix / anonymous": rate(rows.mix) / rate(rows.anonymous),
      "Inlet identified / anonymous, alternating rounds (median)":
        alternating?.ratios.identified.median ?? NaN,
      "Inlet mix / anonymous, alternating rounds (median)": alternating?.ratios.mix.median ?? NaN,
      "Inlet mix / peer (BullMQ)": rate(rows.mix) / rate(rows.peer),
      "Inlet Postgres / peer with worker, acknowledged":
        rate(rows.anonymous) / rate(rows.peerWorker),
      "Inlet Postgres / peer with worker, stored": rate(rows.anonymous) / (peerStored ?? NaN),
      "Inlet mix / peer with worker, stored": rate(rows.mix) / (peerStored ?? NaN),
      [`Inlet /batch / database only (batch ${BATCH_SIZE})`]:
        rate(rows.batch) / databaseOnlyRate("anonymous"),
      "Database only identified / anonymous":
        databaseOnlyRate("identified") / databaseOnlyRate("anonymous"),
    },
    alternating,
    exports,
    databaseOnly: databaseOnlyRows,
    failures,
  };
  printReport(report);
  printExports(exports);
  const partial = process.env.BENCH_PHASES !== undefined;
  console.log(`\nresults written to ${await writeReport(report, partial)}`);
  return failures.length > 0 ? 1 : 0;
}

process.once("exit", killAllNow);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log(`${signal}: stopping the servers and removing the scratch databases`);
    void cleanUp().finally(() => process.exit(130));
  });
}
const watchdog = startWatchdog();
const code = await main().catch((error: unknown) => {
  console.log(
    `FAILURE: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return 1;
});
clearTimeout(watchdog);
await cleanUp();
process.exit(code);
