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
import { ADMIN, failures, livePhase, loadPhase, settings } from "./phases.ts";
import { printReport, writeReport, type Report } from "./report.ts";
import { killAllNow, startCeiling, startInlet, startNaive } from "./servers.ts";

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
  const budgetMs = 6 * (settings.durationS + 90) * 1000;
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
    if (!(value > 0)) throw new Error(`${name} must be a positive number, not ${value}`);
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
    };
  });
  const pgliteProject = await withDatabase(pglite.target, (db) => seedProject(db, "bench pglite"));

  const throughput = [
    await attempt("HTTP ceiling", () =>
      loadPhase("HTTP ceiling (node:http)", startCeiling, projects.inlet.tokens),
    ),
    await attempt("naive", () =>
      loadPhase(
        "naive (Fastify + Prisma create)",
        () => startNaive(pgTarget.url),
        projects.naive.tokens,
        { target: pgTarget, project: projects.naive },
      ),
    ),
    await attempt("Inlet Postgres", () =>
      loadPhase("Inlet /e, Postgres", () => startInlet(pgTarget), projects.inlet.tokens, {
        target: pgTarget,
        project: projects.inlet,
      }),
    ),
    await attempt("Inlet PGlite", () =>
      loadPhase("Inlet /e, PGlite", () => startInlet(pglite.target), pgliteProject.tokens, {
        target: pglite.target,
        project: pgliteProject,
      }),
    ),
  ];
  const live = [
    await attempt("live delay, 1 subscriber", () => livePhase(pgTarget, projects.live1, 1)),
    await attempt("live delay, 10 subscribers", () => livePhase(pgTarget, projects.live10, 10)),
  ];
  const [ceiling, naive, inletPg, inletPglite] = throughput.map(
    (row) => row?.eventsPerSecond ?? NaN,
  );
  const report: Report = {
    settings,
    throughput: throughput.filter((row) => row !== null),
    live: live.filter((row) => row !== null),
    ratios: {
      "Inlet Postgres / ceiling": (inletPg ?? NaN) / (ceiling ?? NaN),
      "Inlet Postgres / naive": (inletPg ?? NaN) / (naive ?? NaN),
      "Inlet PGlite / ceiling": (inletPglite ?? NaN) / (ceiling ?? NaN),
      "Inlet PGlite / naive": (inletPglite ?? NaN) / (naive ?? NaN),
    },
    failures,
  };
  printReport(report);
  console.log(`\nresults written to ${await writeReport(report)}`);
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
