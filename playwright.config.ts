import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium by default (nothing is downloaded); PLAYWRIGHT_CHROMIUM_PATH overrides it,
// and with neither, Playwright's own browser is used if installed.
const chromiumPath =
  process.env.PLAYWRIGHT_CHROMIUM_PATH ??
  (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const port = Number(process.env.E2E_PORT ?? 4319);
// Each run starts Inlet on a fresh embedded database, as a new user would.
const dataDir = mkdtempSync(join(tmpdir(), "inlet-e2e-"));

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      ...(chromiumPath && { executablePath: chromiumPath }),
      args: ["--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "node --import tsx apps/server/src/main.ts",
    url: `http://127.0.0.1:${port}/ready`,
    timeout: 60_000,
    reuseExistingServer: false,
    env: { PORT: String(port), HOST: "127.0.0.1", INLET_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
  },
});
