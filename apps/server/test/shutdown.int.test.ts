// Graceful shutdown of the real entry point: SIGTERM and SIGINT exit 0 and release the database.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import { spawnServer } from "../../../test-support/server-process.ts";
import { testDatabaseSettings } from "../../../test-support/test-inlet.ts";

function startSlowRequest(base: string, path: string) {
  const body = '{"a":1}';
  const request = httpRequest(new URL(path, base), {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": body.length },
  });
  const status = new Promise<number>((resolve, reject) => {
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
  });
  request.flushHeaders();
  request.write(body.slice(0, 3));
  const headersSent = new Promise((resolve) => setTimeout(resolve, 300));
  return { status, headersSent, finish: () => request.end(body.slice(3)) };
}

describe("shutdown", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "exits 0 on %s after answering what was in flight",
    async (signal) => {
      const settings = testDatabaseSettings();
      const server = await spawnServer(
        settings.databaseUrl
          ? { DATABASE_URL: settings.databaseUrl }
          : { INLET_DATA_DIR: settings.dataDir },
      );
      try {
        // Headers sent, body not finished: the request is in flight when the signal lands.
        const request = startSlowRequest(server.url, "/health");
        await request.headersSent;
        server.child.kill(signal);
        await new Promise((resolve) => setTimeout(resolve, 200));
        request.finish();
        expect(await request.status).toBe(404);
        expect(await server.exited).toBe(0);
        if (!settings.databaseUrl)
          expect(existsSync(join(settings.dataDir, "inlet.lock"))).toBe(false);
        await expect(fetch(`${server.url}/health`)).rejects.toThrow();
      } finally {
        server.child.kill("SIGKILL");
        settings.cleanup();
      }
    },
  );

  it("refuses to start a second server on the same PGlite directory, with a clear message", async () => {
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
  });
});
