import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/support/browser.ts";

const port = Number(process.env.E2E_PORT ?? 4319);
// Each run starts Inlet on a fresh embedded database, as a new user would. Workers load this
// file too and inherit the environment, so the directory is made once per run.
process.env.INLET_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "inlet-e2e-"));
const dataDir = process.env.INLET_E2E_DATA_DIR;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  // One shared server and database for the run, one test at a time. Each spec sets up what it
  // needs through the fixtures in e2e/support/fixtures.ts, so any order (or one alone) works.
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    // The compiled server, as `pnpm start` runs it (`pnpm test:e2e` builds it first).
    command: "apps/server/bin/inlet-server",
    url: `http://127.0.0.1:${port}/ready`,
    timeout: 60_000,
    reuseExistingServer: false,
    env: { PORT: String(port), HOST: "127.0.0.1", INLET_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
  },
});
