// SIGKILL in the middle of a load of /e and /batch, on Postgres and on PGlite: every acknowledged event and batch item survives, no batch is half stored, retries store nothing twice.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseOptions } from "@inlet/db";
import { describe, expect, it } from "vitest";
import { createTestProject } from "../../../test-support/fixtures.ts";
import {
  acknowledged,
  sendBatches,
  sendEvents,
  type BatchOutcome,
} from "../../../test-support/load.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { spawnServer } from "../../../test-support/server-process.ts";
import { testDatabaseSettings, withDatabase } from "../../../test-support/test-inlet.ts";

const EVENTS = 1_500;
const KILL_AFTER_ACKS = 300;
// 100 items a batch, every tenth one invalid (refused by its index, the rest stored).
const BATCHES = 80;
const BATCH_ITEMS = 100;
const KILL_AFTER_BATCH_ACKS = 3;
// Batches answer faster than single events: starting them late keeps some in flight at the kill.
const BATCHES_AFTER_ACKS = 250;

function batchLoad(projectId: string): (string | null)[][] {
  return Array.from({ length: BATCHES }, (_, b) =>
    Array.from({ length: BATCH_ITEMS }, (_, i) =>
      i % 10 === 7 ? null : `batch-${projectId}-${b}-${i}`,
    ),
  );
}

/** The ids a batch answered 200 says it stored: every sent id whose index is not refused. */
function acceptedIds(outcome: BatchOutcome): string[] {
  if (!("status" in outcome) || outcome.status !== 200) return [];
  const { rejected, accepted } = outcome.body as {
    rejected: { index: number }[];
    accepted: number;
  };
  const refused = new Set(rejected.map((r) => r.index));
  // The invalid items, and only they, are listed; everything else was accepted.
  expect([...refused].sort((a, b) => a - b)).toEqual(
    outcome.items.flatMap((id, index) => (id === null ? [index] : [])),
  );
  const ids = outcome.items.filter((id, index): id is string => id !== null && !refused.has(index));
  expect(ids).toHaveLength(accepted);
  return ids;
}

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

  const batches = batchLoad(project.projectId);

  const first = await spawnServer(env);
  let acks = 0;
  let batchAcks = 0;
  let startBatches = () => {};
  const batchesStarted = new Promise<void>((resolve) => (startBatches = resolve));
  // Killed once both loads have had answers, so requests of each are in flight.
  const maybeKill = () => {
    if (acks >= BATCHES_AFTER_ACKS) startBatches();
    if (acks >= KILL_AFTER_ACKS && batchAcks >= KILL_AFTER_BATCH_ACKS && !first.child.killed)
      first.child.kill("SIGKILL");
  };
  const [outcomes, batchOutcomes] = await Promise.all([
    sendEvents(first.url, project.token, keys, 32, (outcome) => {
      if ("status" in outcome && outcome.status === 200) acks++;
      maybeKill();
    }),
    batchesStarted.then(() =>
      sendBatches(first.url, project.token, batches, 4, (outcome) => {
        if ("status" in outcome && outcome.status === 200) batchAcks++;
        maybeKill();
      }),
    ),
  ]);
  await first.exited;
  const acked = acknowledged(outcomes);
  expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
  expect(acked.length).toBeLessThan(EVENTS); // the kill really landed mid-load
  const ackedBatches = batchOutcomes.filter((o) => "status" in o && o.status === 200);
  expect(ackedBatches.length).toBeGreaterThanOrEqual(KILL_AFTER_BATCH_ACKS);
  expect(ackedBatches.length).toBeLessThan(BATCHES);

  const afterCrash = await storedKeys(options, project.projectId);
  for (const key of acked) expect(afterCrash.get(key)).toBe(1);
  for (const outcome of batchOutcomes) {
    const valid = outcome.items.filter((id): id is string => id !== null);
    const stored = valid.filter((id) => afterCrash.has(id));
    if ("status" in outcome && outcome.status === 200) {
      for (const id of acceptedIds(outcome)) expect(afterCrash.get(id)).toBe(1);
    } else if ("status" in outcome) {
      // A 503 (or any refusal) means no item of the batch was stored.
      expect(stored).toEqual([]);
    } else {
      // Cut off by the kill: its one transaction either committed or did not.
      expect([0, valid.length]).toContain(stored.length);
    }
  }

  // The client retries everything with the same keys: each event ends up stored exactly once.
  const second = await spawnServer(env);
  try {
    const retried = await sendEvents(second.url, project.token, keys, 20);
    expect(acknowledged(retried)).toHaveLength(EVENTS);
    const retriedBatches = await sendBatches(second.url, project.token, batches, 4);
    expect(retriedBatches.flatMap(acceptedIds)).toHaveLength(BATCHES * (BATCH_ITEMS - 10));
  } finally {
    second.child.kill("SIGTERM");
    await second.exited;
  }
  const final = await storedKeys(options, project.projectId);
  expect(final.size).toBe(EVENTS + BATCHES * (BATCH_ITEMS - 10));
  expect([...final.values()].every((count) => count === 1)).toBe(true);
}

describe("crash recovery", () => {
  it.runIf(testDatabaseKind() === "postgres")(
    "keeps every acknowledged event and batch item when the server is SIGKILLed (Postgres)",
    async () => {
      const settings = testDatabaseSettings();
      await crashAndRecover(settings, { DATABASE_URL: settings.databaseUrl ?? "" });
    },
    120_000,
  );

  it.runIf(testDatabaseKind() === "pglite")(
    "keeps every acknowledged event and batch item when embedded PGlite is SIGKILLed, and reopens intact",
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
