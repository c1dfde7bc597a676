// A clean stop as a terminal's Ctrl-C does it: the compiled server run by pnpm, SIGINT to the whole process group, exit 0 and no failure line.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest, Agent as HttpAgent } from "node:http";
import { request as httpsRequest, Agent as HttpsAgent } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { testDatabaseSettings } from "../../../test-support/test-inlet.ts";

const root = new URL("../../../", import.meta.url).pathname;

/** GET /health, leaving the connection open (keep-alive) as a browser would. */
function getKeepingAlive(url: string, secure: boolean): Promise<number> {
  const options = secure
    ? { agent: new HttpsAgent({ keepAlive: true }), rejectUnauthorized: false }
    : { agent: new HttpAgent({ keepAlive: true }) };
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(new URL("/health", url), options);
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
    request.end();
  });
}

describe("a clean stop of the compiled server", () => {
  it("is run by `pnpm start` exactly as by `pnpm serve`, in place of the shell", () => {
    const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    // Without `exec`, Ctrl-C ends the shell between pnpm and the server first, and pnpm
    // reports the interrupted shell as a failed command although the server stopped cleanly.
    // The launcher, a shell script too, replaces itself with node in the same way.
    expect(scripts.serve).toBe("exec apps/server/bin/inlet-server");
    expect(scripts.start?.endsWith(` && ${scripts.serve}`)).toBe(true);
    const launcher = readFileSync(join(root, "apps/server/bin/inlet-server"), "utf8");
    expect(launcher).toMatch(/^exec node .*\/dist\/main\.js"$/m);
  });

  beforeAll(() => {
    // The bundle `pnpm start` runs; building it takes about a second.
    execFileSync(process.execPath, ["apps/server/build.mjs"], { cwd: root, stdio: "pipe" });
  });

  it("exits 0 on Ctrl-C with connections open, and prints nothing that looks like a failure", async () => {
    const settings = testDatabaseSettings();
    // A built dashboard of its own, so the start says nothing about a missing one either.
    const dashboardDir = mkdtempSync(join(tmpdir(), "inlet-dashboard-"));
    writeFileSync(join(dashboardDir, "index.html"), "<!doctype html><title>Inlet</title>");
    const tlsDir = mkdtempSync(join(tmpdir(), "inlet-clean-stop-"));
    // `pnpm serve` runs the same command as the end of `pnpm start`, without the builds.
    const child = spawn("pnpm", ["serve"], {
      cwd: root,
      // Its own process group, which is what a terminal signals on Ctrl-C.
      detached: true,
      env: {
        ...process.env,
        PORT: "0",
        LOG_LEVEL: "info",
        INLET_DASHBOARD_DIR: dashboardDir,
        ...(settings.databaseUrl
          ? { DATABASE_URL: settings.databaseUrl, INLET_DATA_DIR: tlsDir }
          : { INLET_DATA_DIR: settings.dataDir }),
      },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    // A process ended by a signal has no code: report the signal's name instead.
    const exited = new Promise<number | string | null>((resolve) =>
      child.on("exit", (code, signal) => resolve(code ?? signal)),
    );
    try {
      await expect
        .poll(() => /Inlet is running at (\S+)/.exec(output)?.[1], { timeout: 45_000 })
        .toBeTruthy();
      const url = /Inlet is running at (\S+)/.exec(output)?.[1] ?? "";
      expect(await getKeepingAlive(url, false)).toBe(200);
      expect(await getKeepingAlive(url.replace(/^http:/, "https:"), true)).toBe(200);

      const beforeStop = output.length;
      process.kill(-(child.pid ?? 0), "SIGINT");
      expect(await exited, output).toBe(0);

      const afterStop = output.slice(beforeStop);
      const lines = afterStop.split("\n").filter((line) => line.trim() !== "");
      const alarming = lines.filter((line) => {
        if (/ELIFECYCLE|ERR_|error|fail|exited with/i.test(line)) return true;
        // pino's JSON lines: 40 is warn, 50 error, 60 fatal.
        if (!line.startsWith("{")) return false;
        return ((JSON.parse(line) as { level?: number }).level ?? 0) >= 40;
      });
      expect(alarming).toEqual([]);
      expect(afterStop).toContain('"msg":"shutting down"');
    } finally {
      // The group may be gone already; a leftover would hold the database.
      try {
        process.kill(-(child.pid ?? 0), "SIGKILL");
      } catch {
        // Nothing left to stop.
      }
      settings.cleanup();
      rmSync(dashboardDir, { recursive: true, force: true });
      rmSync(tlsDir, { recursive: true, force: true });
    }
  }, 90_000);
});
