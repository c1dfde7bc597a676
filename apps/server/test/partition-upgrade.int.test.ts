// An install filled by the previous schema upgrades to partitioned events: start-up does not wait, new events are stored at once, reads during the move see every row once, and afterwards every row is in a monthly partition exactly once, also with two processes moving at once on PostgreSQL.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import {
  applyMigrations,
  openDatabase,
  pgliteMigrationSession,
  postgresMigrationSession,
  readMigrations,
  type Database,
} from "@inlet/db";
import { newCookieAnonymousId } from "@inlet/ingest";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, createTestKey } from "../../../test-support/api-keys.ts";
import { postJson } from "../../../test-support/fixtures.ts";
import { createFreshPostgresDatabase, testDatabaseKind } from "../../../test-support/postgres.ts";
import { testConfig } from "../../../test-support/test-inlet.ts";
import { buildServer } from "../src/build-server.ts";
import { DEFAULT_LAYOUT_TIMING } from "../src/event-layout.ts";

const PARTITIONING = "20261203000100_partitioned_events";
const OLD_EVENTS = 10_000;
const PROJECT = "00000000-0000-4000-8000-00000000aa01";
const TOKEN = "proj_upgradeUpgradeUpgrade01";
// A visitor with old anonymous events, identified during the move.
const VISITOR = newCookieAnonymousId();

// Events of the last 100 days (so several months), a few of them an anonymous visitor's.
const SEED = `
  INSERT INTO projects (id, name) VALUES ('${PROJECT}', 'upgraded');
  INSERT INTO project_tokens (id, project_id, token) VALUES (gen_random_uuid(), '${PROJECT}', '${TOKEN}');
  INSERT INTO events (id, project_id, anonymous_id, name, occurred_at, received_at)
  SELECT gen_random_uuid(), '${PROJECT}', CASE WHEN n <= 20 THEN '${VISITOR}' ELSE 'a' || n END,
    'old', t, t
  FROM generate_series(1, ${OLD_EVENTS}) AS n,
    LATERAL (SELECT now() - (n % 100) * interval '1 day' - n * interval '1 second' AS t) AS at;`;

interface Settings {
  databaseUrl: string | undefined;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** A database at the schema before partitioning, holding OLD_EVENTS events. */
async function previousVersionDatabase(): Promise<Settings> {
  const migrations = await readMigrations();
  const before = migrations.slice(
    0,
    migrations.findIndex((m) => m.name === PARTITIONING),
  );
  if (testDatabaseKind() === "pglite") {
    const dataDir = mkdtempSync(join(tmpdir(), "inlet-upgrade-"));
    const pglite = await PGlite.create(`${dataDir}/pgdata`);
    await applyMigrations(pgliteMigrationSession(pglite), before);
    await pglite.exec(SEED);
    await pglite.close();
    return {
      databaseUrl: undefined,
      dataDir,
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const fresh = await createFreshPostgresDatabase("upgrade");
  const client = new pg.Client({ connectionString: fresh.url });
  await client.connect();
  await applyMigrations(postgresMigrationSession(client), before);
  await client.query(SEED);
  await client.end();
  return { databaseUrl: fresh.url, dataDir: "unused", cleanup: () => fresh.drop() };
}

interface Process {
  database: Database;
  app: FastifyInstance;
  url: string;
}

/** An Inlet process with small move batches, so the move spans the requests below. */
async function startProcess(settings: Settings, database: Database): Promise<Process> {
  const config = testConfig({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
  const app = await buildServer({
    config: {
      ...config,
      ingest: { ...config.ingest, rateLimitPerSecond: 1e6, rateLimitBurst: 1e6 },
      // The listings below page through the read API as fast as it answers.
      api: { rateLimitPerSecond: 1e6, rateLimitBurst: 1e6 },
    },
    database,
    eventLayout: {
      ...DEFAULT_LAYOUT_TIMING,
      moveDelayMs: 200,
      moveBatchSize: 250,
      moveMinPauseMs: 50,
      ensureIntervalMs: 3_000,
    },
  });
  return { database, app, url: await app.listen({ port: 0, host: "127.0.0.1" }) };
}

describe("upgrading an install with events to partitioned events", () => {
  let settings: Settings;
  let database: Database;
  let url: string;
  let oldIds: string[];
  // On PostgreSQL a second process shares the database: both try to move, one at a time.
  const processes: Process[] = [];

  const legacyLeft = async () => {
    const [row] = await database.prisma.$queryRaw<{ left: number | null }[]>`
      SELECT CASE WHEN to_regclass('events_legacy') IS NULL THEN NULL
        ELSE (xpath('/row/c/text()', query_to_xml('SELECT count(*) AS c FROM events_legacy', false, true, '')))[1]::text::int
      END AS left`;
    return row?.left ?? null;
  };

  beforeAll(async () => {
    settings = await previousVersionDatabase();
    database = await openDatabase(settings);
    const rows = await database.prisma.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM events_legacy`;
    oldIds = rows.map((row) => row.id);
    processes.push(await startProcess(settings, database));
    if (settings.databaseUrl) {
      processes.push(await startProcess(settings, await openDatabase(settings)));
    }
    url = processes[0]?.url ?? "";
  }, 120_000);

  afterAll(async () => {
    for (const inlet of processes.reverse()) {
      await inlet.app.close();
      await inlet.database.close();
    }
    await settings?.cleanup();
  });

  it("keeps every row, serves reads and writes during the move, and ends partitioned", async () => {
    expect(oldIds).toHaveLength(OLD_EVENTS);
    expect(await legacyLeft()).toBe(OLD_EVENTS);
    const { key } = await createTestKey(database, PROJECT);

    // Writes while the move runs: events (some keyed), and an identify adopting old events.
    const acked: string[] = [];
    const writes = (async () => {
      for (let i = 0; i < 60; i += 1) {
        const name = `new-${i}`;
        const target = processes[i % processes.length]?.url ?? url;
        const response = await postJson(target, "/e", { projectToken: TOKEN, name });
        if (response.status === 200) acked.push(name);
        if (i === 10) {
          const identify = await postJson(
            url,
            "/i",
            { projectToken: TOKEN, identifier: "upgraded-user" },
            { cookie: `_vuid=${VISITOR}`, "allow-cookies": "true" },
          );
          expect(identify.status).toBe(200);
        }
      }
    })();

    // Reads while the move runs: whole listings through the read API, page by page.
    const listings: { ids: string[]; legacyAtStart: number | null }[] = [];
    while ((await legacyLeft()) !== null && listings.length < 3) {
      const legacyAtStart = await legacyLeft();
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/events?limit=1000&name=old${cursor ? `&cursor=${cursor}` : ""}`;
        const response = await apiGet(url, query, key);
        expect(response.status).toBe(200);
        const body = (await response.json()) as {
          events: { id: string }[];
          nextCursor: string | null;
        };
        ids.push(...body.events.map((event) => event.id));
        cursor = body.nextCursor;
      } while (cursor);
      listings.push({ ids, legacyAtStart });
    }
    await writes;

    // At least one listing ran while old rows were still waiting to move, and some had moved.
    expect(
      listings.some(
        (l) => l.legacyAtStart !== null && l.legacyAtStart > 0 && l.legacyAtStart < OLD_EVENTS,
      ),
    ).toBe(true);
    for (const listing of listings) {
      expect(listing.ids).toHaveLength(OLD_EVENTS);
      expect(new Set(listing.ids).size).toBe(OLD_EVENTS);
    }

    await expect.poll(legacyLeft, { timeout: 60_000, interval: 250 }).toBeNull();
    expect(acked).toHaveLength(60);

    const stored = await database.prisma.$queryRaw<{ id: string; name: string }[]>`
      SELECT id::text AS id, name FROM events WHERE project_id = ${PROJECT}::uuid`;
    expect(stored).toHaveLength(OLD_EVENTS + acked.length);
    expect(new Set(stored.map((row) => row.id)).size).toBe(stored.length);
    const storedIds = new Set(stored.map((row) => row.id));
    expect(oldIds.every((id) => storedIds.has(id))).toBe(true);
    expect(
      stored
        .filter((row) => row.name.startsWith("new-"))
        .map((row) => row.name)
        .sort(),
    ).toEqual([...acked].sort());

    // The final layout: a partitioned table, nothing left in the default partition.
    const [layout] = await database.prisma.$queryRaw<{ kind: string; caught: number }[]>`
      SELECT (SELECT relkind::text FROM pg_class WHERE oid = 'events'::regclass) AS kind,
        (SELECT count(*)::int FROM events_default) AS caught`;
    expect(layout).toEqual({ kind: "p", caught: 0 });
  });

  it("let the identify adopt the visitor's old events through the view", async () => {
    const adopted = await database.prisma.event.findMany({
      where: { projectId: PROJECT, anonymousId: VISITOR },
      select: { user: { select: { identifier: true } } },
    });
    expect(adopted).toHaveLength(20);
    expect(adopted.every((event) => event.user?.identifier === "upgraded-user")).toBe(true);
  });
});
