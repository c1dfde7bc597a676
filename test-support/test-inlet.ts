import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Database, type DatabaseOptions } from "@inlet/db";
import { inject } from "vitest";
import "./vitest-context.ts";
import { loadConfig, type Config } from "../apps/server/src/env.ts";
import { startInlet, type RunningInlet } from "../apps/server/src/start-inlet.ts";

/** Database settings for this run: the run's Postgres database, or a private PGlite dir. */
export function testDatabaseSettings(): {
  databaseUrl: string | undefined;
  dataDir: string;
  cleanup(): void;
} {
  const postgresUrl = inject("postgresUrl");
  if (postgresUrl) return { databaseUrl: postgresUrl, dataDir: "unused", cleanup: () => undefined };
  const dataDir = mkdtempSync(join(tmpdir(), "inlet-test-"));
  const template = inject("pgliteTemplate");
  if (template) cpSync(template, dataDir, { recursive: true });
  return {
    databaseUrl: undefined,
    dataDir,
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ PORT: "0", LOG_LEVEL: "silent", INLET_LOCAL_TLS: "false" }),
    ...overrides,
  };
}

export interface TestInlet extends RunningInlet {
  /** The PGlite directory ("unused" on Postgres), for reopening after a stop. */
  dataDir: string;
  close(): Promise<void>;
}

/** Starts a real Inlet on an ephemeral port against this run's database. */
export async function startTestInlet(overrides: Partial<Config> = {}): Promise<TestInlet> {
  const settings = testDatabaseSettings();
  const config = testConfig({
    databaseUrl: settings.databaseUrl,
    dataDir: settings.dataDir,
    ...overrides,
  });
  const inlet = await startInlet(config);
  return {
    ...inlet,
    dataDir: config.dataDir,
    close: async () => {
      await inlet.stop();
      settings.cleanup();
    },
  };
}

/** Opens the database for one piece of work and closes it (PGlite allows one opener at a time). */
export async function withDatabase<T>(
  options: DatabaseOptions,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(options);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
