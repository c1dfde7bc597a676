// The statements that write users find them by key, and an identify its visitor's unadopted events by index, however large the tables: the planner may not swap the lookups for scans.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlQuery } from "@inlet/db";
import { KnownCatalog } from "../src/ingest/catalog-cache.ts";
import { applyUserWrites } from "../src/ingest/identity-writes.ts";
import type { UserWrite } from "../src/ingest/user-write-plan.ts";
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
const VISITORS = 2_000;

/** USERS users of the project, `user-0` onwards, with the statistics a live database has. */
async function seedUsers(projectId: string): Promise<void> {
  await inlet.database.sql.query(
    `INSERT INTO users (id, project_id, identifier, display_name)
     SELECT gen_random_uuid(), $1::uuid, 'user-' || n, 'User ' || n
     FROM generate_series(0, $2::int - 1) AS n`,
    [projectId, USERS],
  );
  await inlet.database.sql.query("ANALYZE users", []);
}

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
    await seedUsers(projectId);

    const plans: string[] = [];
    const jobs = Array.from({ length: 25 }, (_, n) => identifiedJob(projectId, tokenId, n * 397));
    await commitTrackBatch(explainingDatabase(plans), jobs, new KnownCatalog());

    expect(plans).toHaveLength(1);
    const plan = plans[0] ?? "";
    expect(plan).toMatch(/Index Scan using users_project_id_identifier_key on users/);
    expect(plan).not.toMatch(/Seq Scan on users/);
  }, 60_000);
});

describe("the identifies' and updates' statement", () => {
  it("looks users up by key and walks only the identified visitors' unadopted events", async () => {
    const { projectId, tokenId } = await createTestProject(inlet.database);
    const sql = inlet.database.sql;
    await seedUsers(projectId);
    await sql.query(
      `INSERT INTO events (id, project_id, token_id, anonymous_id, name)
       SELECT gen_random_uuid(), $1::uuid, $2::uuid, 'visitor-' || (n % $3::int), 'page_view'
       FROM generate_series(1, $3::int * 10) AS n`,
      [projectId, tokenId, VISITORS],
    );
    await sql.query("ANALYZE events", []);

    const user = (n: number) => ({
      identifier: `user-${n}`,
      displayName: null,
      avatarUrl: null,
      ops: null,
    });
    const writes: UserWrite[] = [
      { type: "identify", projectId, anonymousId: "visitor-7", user: user(7) },
      { type: "identify", projectId, anonymousId: "visitor-8", user: user(4_001) },
      { type: "updateUser", projectId, anonymousId: "visitor-9", change: user(9_999) },
    ];
    const plans: string[] = [];
    await applyUserWrites(explainingDatabase(plans).sql, writes);

    expect(plans).toHaveLength(1);
    const plan = plans[0] ?? "";
    expect(plan).toMatch(/Index Scan using users_project_id_identifier_key on users/);
    expect(plan).not.toMatch(/Seq Scan on users/);
    // The partition holding the events (empty ones may be read any way).
    const [filled] = await sql.query<{ partition: string }>(
      "SELECT tableoid::regclass::text AS partition FROM events WHERE project_id = $1::uuid LIMIT 1",
      [projectId],
    );
    const partition = filled?.partition ?? "";
    expect(plan).toMatch(new RegExp(`Index Scan using \\w+ on ${partition} `));
    expect(plan).not.toMatch(new RegExp(`Seq Scan on ${partition} `));
  }, 60_000);
});
