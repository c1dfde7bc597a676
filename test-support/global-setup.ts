import type { TestProject } from "vitest/node";
import { createFreshPostgresDatabase, testDatabaseKind } from "./postgres.ts";

import "./vitest-context.ts";

/** Gives every integration run its own fresh Postgres database, dropped afterwards. */
export default async function setup(project: TestProject) {
  if (testDatabaseKind() !== "postgres") {
    project.provide("postgresUrl", null);
    return;
  }
  const database = await createFreshPostgresDatabase("run");
  project.provide("postgresUrl", database.url);
  return () => database.drop();
}
