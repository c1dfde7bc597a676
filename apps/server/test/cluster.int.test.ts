// INLET_WORKERS=3: one port, three processes; SIGKILL one under load and every acknowledged event is stored and shown live.
import { execFileSync } from "node:child_process";
import type { LiveItem } from "@inlet/db";
import { describe, expect, it } from "vitest";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { acknowledged, sendEvents } from "../../../test-support/load.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { spawnServer } from "../../../test-support/server-process.ts";
import { startTestInlet } from "../../../test-support/test-inlet.ts";

const EVENTS = 900;
const KILL_AFTER_ACKS = 250;

function workerPids(primaryPid: number): number[] {
  try {
    // By entry point: the primary, run through tsx, may also have tsx's esbuild child.
    return execFileSync("pgrep", ["-P", String(primaryPid), "-f", "main\\.ts"], {
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
}

describe.runIf(testDatabaseKind() === "postgres")("several worker processes", () => {
  it("share one port, survive a killed worker and keep Live flowing", async () => {
    // A process outside the cluster watches Live through the database, as a viewer would.
    const observer = await startTestInlet();
    const project = await createTestProject(observer.database);
    const shownLive = new Set<string>();
    const unsubscribe = observer.database.live.subscribe((item: LiveItem) => {
      if (item.kind === "accepted" && item.projectId === project.projectId && item.customData)
        shownLive.add(item.customData.key ?? "");
    });
    const server = await spawnServer({
      DATABASE_URL: observer.database.postgresUrl ?? "",
      INLET_WORKERS: "3",
    });
    const primaryPid = server.child.pid ?? 0;
    try {
      // Ready means one worker answers; the others may still be starting.
      await expect
        .poll(() => workerPids(primaryPid), { timeout: 20_000, message: server.output() })
        .toHaveLength(3);
      const workers = workerPids(primaryPid);
      const keys = Array.from({ length: EVENTS }, (_, i) => `cluster-${project.projectId}-${i}`);
      let acks = 0;
      let killed = 0;
      const outcomes = await sendEvents(server.url, project.token, keys, 30, (outcome) => {
        if ("status" in outcome && outcome.status === 200 && ++acks === KILL_AFTER_ACKS) {
          killed = workers[0] ?? 0;
          process.kill(killed, "SIGKILL");
        }
      });
      const acked = acknowledged(outcomes);
      // Only requests that were on the killed worker may fail; the others carry on.
      expect(acked.length).toBeGreaterThan(EVENTS * 0.9);
      const ackedAfterKill = acked.slice(KILL_AFTER_ACKS);
      expect(ackedAfterKill.length).toBeGreaterThan(EVENTS / 2);

      const stored = await observer.database.prisma.event.findMany({
        where: { projectId: project.projectId },
        select: { idempotencyKey: true },
      });
      const storedKeys = new Set(stored.map((row) => row.idempotencyKey));
      expect(acked.filter((key) => !storedKeys.has(key))).toEqual([]);
      await expect
        .poll(() => acked.filter((key) => !shownLive.has(key)).length, { timeout: 5_000 })
        .toBe(0);
      // The primary replaces the killed worker.
      await expect
        .poll(() => workerPids(primaryPid).filter((pid) => pid !== killed).length, {
          timeout: 20_000,
        })
        .toBe(3);
    } finally {
      unsubscribe();
      server.child.kill("SIGTERM");
      expect(await server.exited, server.output()).toBe(0);
      await observer.close();
    }
  }, 90_000);
});
