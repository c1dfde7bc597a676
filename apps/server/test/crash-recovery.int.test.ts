// SIGKILL in the middle of a load, on Postgres and on PGlite: every acknowledged event survives, retries store nothing twice.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseOptions } from "@inlet/db";
import { describe, expect, it } from "vitest";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { acknowledged, sendEvents } from "../../../test-support/load.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { spawnServer } from "../../../test-support/server-process.ts";
import { testDatabaseSettings, withDatabase } from "../../../test-support/test-inlet.ts";

const EVENTS = 1_500;
const KILL_AFTER_ACKS = 300;

/** Keys stored for the project, with how many times each. */
async function storedKeys(
  options: DatabaseOptions,
  projectId: string,
): Promise<Map<string, number>> {
  return withDatabase(options, async (db) => {
    const rows = await db.prisma.event.findMany({
      where: { projectId },
      select: { idempotencyKey: true },
    });
    const counts = new Map<string, number>();
    for (const row of rows)
      counts.set(row.idempotencyKey ?? "", (counts.get(row.idempotencyKey ?? "") ?? 0) + 1);
    return counts;
  });
}

async function crashAndRecover(options: DatabaseOptions, env: Record<string, string>) {
  // On PGlite the server owns the directory, so the project is created before it starts.
  const project = await withDatabase(options, (db) => createTestProject(db));
  const keys = Array.from({ length: EVENTS }, (_, i) => `crash-${project.projectId}-${i}`);

  const first = await spawnServer(env);
  let acks = 0;
  const outcomes = await sendEvents(first.url, project.token, keys, 40, (outcome) => {
    if ("status" in outcome && outcome.status === 200 && ++acks === KILL_AFTER_ACKS)
      first.child.kill("SIGKILL");
  });
  await first.exited;
  const acked = acknowledged(outcomes);
  expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
  expect(acked.length).toBeLessThan(EVENTS); // the kill really landed mid-load

  const afterCrash = await storedKeys(options, project.projectId);
  for (const key of acked) expect(afterCrash.get(key)).toBe(1);

  // The client retries everything with the same keys: each event ends up stored exactly once.
  const second = await spawnServer(env);
  try {
    const retried = await sendEvents(second.url, project.token, keys, 20);
    expect(acknowledged(retried)).toHaveLength(EVENTS);
  } finally {
    second.child.kill("SIGTERM");
    await second.exited;
  }
  const final = await storedKeys(options, project.projectId);
  expect(final.size).toBe(EVENTS);
  expect([...final.values()].every((count) => count === 1)).toBe(true);
}

describe("crash recovery", () => {
  it.runIf(testDatabaseKind() === "postgres")(
    "keeps every acknowledged event when the server is SIGKILLed (Postgres)",
    async () => {
      const settings = testDatabaseSettings();
      await crashAndRecover(settings, { DATABASE_URL: settings.databaseUrl ?? "" });
    },
    120_000,
  );

  it.runIf(testDatabaseKind() === "pglite")(
    "keeps every acknowledged event when embedded PGlite is SIGKILLed, and reopens intact",
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "inlet-crash-"));
      try {
        await crashAndRecover({ dataDir }, { INLET_DATA_DIR: dataDir });
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
