// Graceful shutdown of the real entry point: in-flight requests answered under load, exit 0, database released.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { acknowledged, sendEvents } from "../../../test-support/load.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { spawnServer } from "../../../test-support/server-process.ts";
import { testDatabaseSettings, withDatabase } from "../../../test-support/test-inlet.ts";

/** A /e request whose headers and half its body are sent: in flight until `finish`. */
function startSlowEvent(base: string, token: string, name: string) {
  const body = JSON.stringify({ projectToken: token, name });
  const request = httpRequest(new URL("/e", base), {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
  });
  const status = new Promise<number>((resolve, reject) => {
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
  });
  request.flushHeaders();
  request.write(body.slice(0, 10));
  return { status, finish: () => request.end(body.slice(10)) };
}

describe("shutdown", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "on %s under load answers what is in flight, stores every 200 and exits 0",
    async (signal) => {
      const settings = testDatabaseSettings();
      const project = await withDatabase(settings, (db) => createTestProject(db));
      const server = await spawnServer(
        settings.databaseUrl
          ? { DATABASE_URL: settings.databaseUrl }
          : { INLET_DATA_DIR: settings.dataDir },
      );
      try {
        const slow = ["slow-1", "slow-2", "slow-3"].map((name) =>
          startSlowEvent(server.url, project.token, name),
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
        const keys = Array.from({ length: 600 }, (_, i) => `${signal}-${project.projectId}-${i}`);
        let acks = 0;
        const load = sendEvents(server.url, project.token, keys, 20, (outcome) => {
          if ("status" in outcome && outcome.status === 200 && ++acks === 100)
            server.child.kill(signal);
        });
        await expect.poll(() => acks, { timeout: 20_000 }).toBeGreaterThanOrEqual(100);
        for (const request of slow) request.finish();
        expect(await Promise.all(slow.map((request) => request.status))).toEqual([200, 200, 200]);
        const outcomes = await load;
        expect(await server.exited).toBe(0);
        if (!settings.databaseUrl)
          expect(existsSync(join(settings.dataDir, "inlet.lock"))).toBe(false);

        const stored = await withDatabase(settings, (db) =>
          db.prisma.event.findMany({
            where: { projectId: project.projectId },
            select: { name: true, idempotencyKey: true },
          }),
        );
        const storedKeys = new Set(stored.map((event) => event.idempotencyKey));
        for (const key of acknowledged(outcomes)) expect(storedKeys.has(key)).toBe(true);
        expect(stored.filter((event) => event.name.startsWith("slow-"))).toHaveLength(3);
      } finally {
        server.child.kill("SIGKILL");
        settings.cleanup();
      }
    },
    60_000,
  );

  it.runIf(testDatabaseKind() === "pglite")(
    "refuses to start a second server on the same PGlite directory, with a clear message",
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "inlet-second-"));
      const first = await spawnServer({ INLET_DATA_DIR: dataDir });
      try {
        await expect(spawnServer({ INLET_DATA_DIR: dataDir })).rejects.toThrow(
          /already open in process/,
        );
      } finally {
        first.child.kill("SIGTERM");
        await first.exited;
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    // Two embedded-database starts, each creating a data directory and a local CA.
    60_000,
  );
});
