// The ingest statement finds a batch's users by key, however many users the project has: the planner may not swap the lookups for a scan of the users table.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlQuery } from "@inlet/db";
import { KnownCatalog } from "../src/ingest/catalog-cache.ts";
import { commitTrackBatch, type TrackJob } from "../src/ingest/track-batch.ts";
import { bareEventRow } from "../../../test-support/event-rows.ts";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

let inlet: TestInlet;
beforeAll(async () => {
  inlet = await startTestInlet();
});
afterAll(() => inlet.close());

const USERS = 10_000;

function identifiedJob(projectId: string, tokenId: string, n: number): TrackJob {
  const now = new Date();
  return {
    event: bareEventRow({
      id: randomUUID(),
      projectId,
      tokenId,
      anonymousId: "backend",
      name: "purchase",
      occurredAt: now,
      receivedAt: now,
    }),
    user: { identifier: `user-${n}`, displayName: `User ${n}`, avatarUrl: null, ops: null },
    link: "server-keeps-link",
  };
}

/** The plan of each statement `commitTrackBatch` sends, instead of running it. */
function explainingDatabase(plans: string[]): { sql: SqlQuery } {
  return {
    sql: {
      query: async <Row>(text: string, params: unknown[]) => {
        const rows = await inlet.database.sql.query<{ "QUERY PLAN": string }>(
          `EXPLAIN (COSTS OFF) ${text}`,
          params,
        );
        plans.push(rows.map((row) => row["QUERY PLAN"]).join("\n"));
        return [] as Row[];
      },
    },
  };
}

describe("the ingest statement's plan", () => {
  it("reads a batch of known users through their key, not a scan of every user", async () => {
    const { projectId, tokenId } = await createTestProject(inlet.database);
    await inlet.database.sql.query(
      `INSERT INTO users (id, project_id, identifier, display_name)
       SELECT gen_random_uuid(), $1::uuid, 'user-' || n, 'User ' || n
       FROM generate_series(0, $2::int - 1) AS n`,
      [projectId, USERS],
    );
    await inlet.database.sql.query("ANALYZE users", []);

    const plans: string[] = [];
    const jobs = Array.from({ length: 25 }, (_, n) => identifiedJob(projectId, tokenId, n * 397));
    await commitTrackBatch(explainingDatabase(plans), jobs, new KnownCatalog());

    expect(plans).toHaveLength(1);
    const plan = plans[0] ?? "";
    expect(plan).toMatch(/Index Scan using users_project_id_identifier_key on users/);
    expect(plan).not.toMatch(/Seq Scan on users/);
  }, 60_000);
});
