import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@inlet/db";
import type { TestProject } from "vitest/node";
import { createFreshPostgresDatabase, testDatabaseKind } from "./postgres.ts";

import "./vitest-context.ts";

/**
 * Gives every integration run its own fresh Postgres database (dropped afterwards), or on
 * PGlite a migrated template directory that tests copy: creating a PGlite database takes
 * seconds, copying one takes milliseconds.
 */
export default async function setup(project: TestProject) {
  if (testDatabaseKind() === "pglite") {
    const template = mkdtempSync(join(tmpdir(), "inlet-pglite-template-"));
    await (await openDatabase({ dataDir: template })).close();
    project.provide("postgresUrl", null);
    project.provide("pgliteTemplate", template);
    return () => rmSync(template, { recursive: true, force: true });
  }
  const database = await createFreshPostgresDatabase("run");
  project.provide("postgresUrl", database.url);
  project.provide("pgliteTemplate", null);
  return () => database.drop();
}
