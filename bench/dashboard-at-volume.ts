// The dashboard's reads at volume: fills one project with BENCH_EVENTS events (default
// 10,000,000) straight in SQL (events, users, counters and catalogue as ingestion would leave
// them), then times every dashboard tRPC read and page, and every read-API page (exports to
// their first byte), over HTTP against a real Inlet.
// Needs free disk (about 600 bytes per event); it checks before it fills.
// Run: node --import tsx bench/dashboard-at-volume.ts
// BENCH_VOLUME_DATABASE=<name> fills that database once and keeps it: later runs with the
// same name skip the fill and only time the reads (drop it yourself when done).
import { statfsSync } from "node:fs";
import pg from "pg";
import { createAdmin, createApiKey } from "@inlet/api";
import { adminClient, signIn, type AdminClient } from "../test-support/admin-client.ts";
import { loadConfig } from "../apps/server/src/env.ts";
import { startInlet } from "../apps/server/src/start-inlet.ts";
import type { Database } from "@inlet/db";
import {
  createPostgresScratch,
  keptPostgresDatabase,
  seedProject,
  withDatabase,
} from "./database.ts";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const USERS = Math.max(1, Math.floor(EVENTS / 100));
const BYTES_PER_EVENT = 600;
const ROUNDS = 7;
const TARGET_MS = 200;
// A new admin each run, so a kept database can be timed again.
const ADMIN = { email: `volume-${Date.now()}@example.com`, password: `volume-${Date.now()}-pw` };
const KEPT_DATABASE = process.env.BENCH_VOLUME_DATABASE;

function checkFreeDisk(): void {
  const disk = statfsSync(process.env.BENCH_DISK_PATH ?? "/");
  const free = disk.bavail * disk.bsize;
  if (free < EVENTS * BYTES_PER_EVENT * 2) {
    console.error(`not enough free disk: ${free} bytes for ${EVENTS} events`);
    process.exit(1);
  }
}

// Ten names, a day of traffic spread evenly and ending now; every event has two properties.
const FILL = `
  INSERT INTO events (id, project_id, token_id, user_id, anonymous_id, name, url, custom_data,
    browser, os, device_type, occurred_at, received_at)
  SELECT gen_random_uuid(), $1::uuid, $2::uuid,
    u.id,
    'anon-' || (i % 50000), 'event_' || (i % 10), 'https://example.com/p/' || (i % 1000),
    jsonb_build_object('plan', 'pro', 'amount', (i % 100)::text),
    'Chrome', 'Linux', 'desktop', at, at
  FROM generate_series(1, $3::int) AS i
  CROSS JOIN LATERAL (SELECT now() - (i * interval '86400 seconds' / $3::int) AS at) t
  -- A third of the events belong to a user.
  LEFT JOIN users u ON i % 3 = 0 AND u.project_id = $1::uuid AND u.identifier = 'user-' || (i % $4)`;

// As ingestion leaves them: a busy day spreads every key over all eight shards.
const COUNTERS = [
  `INSERT INTO event_counts (project_id, minute, name, shard, count)
   SELECT project_id, date_trunc('minute', occurred_at, 'UTC'), name, shard, count(*)
   FROM events, LATERAL (SELECT (hashtext(id::text) & 7)::smallint AS shard) s
   WHERE project_id = $1::uuid GROUP BY 1, 2, 3, 4`,
  `INSERT INTO catalog_events (project_id, name, shard, count, first_seen_at, last_seen_at)
   SELECT project_id, name, shard, sum(count), min(minute), max(minute)
   FROM event_counts WHERE project_id = $1::uuid GROUP BY 1, 2, 3`,
  `INSERT INTO catalog_event_names (project_id, name)
   SELECT DISTINCT project_id, name FROM catalog_events WHERE project_id = $1::uuid`,
  `INSERT INTO catalog_properties (project_id, name, key, shard, count, text_count,
     number_count, boolean_count, json_count, first_seen_at, last_seen_at)
   SELECT project_id, name, key, shard, count, count / 2, count - count / 2, 0, 0,
     first_seen_at, last_seen_at
   FROM catalog_events CROSS JOIN (VALUES ('plan'), ('amount')) AS k(key)
   WHERE project_id = $1::uuid`,
  `INSERT INTO catalog_property_keys (project_id, name, key)
   SELECT DISTINCT project_id, name, key FROM catalog_properties WHERE project_id = $1::uuid`,
];

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Median of ROUNDS runs after one warm-up, in ms. */
async function median(work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) times.push(await timed(work));
  times.sort((a, b) => a - b);
  return times[Math.floor(ROUNDS / 2)] ?? NaN;
}

function reads(client: AdminClient, projectId: string, eventId: string, userId: string) {
  const since = new Date(Date.now() - 3600_000);
  return {
    "project.list": () => client.project.list.query(),
    "project.get": () => client.project.get.query({ projectId }),
    "stats.eventsPerMinute": () => client.stats.eventsPerMinute.query({ projectId }),
    "stats.replication": () => client.stats.replication.query(),
    "event.list": () => client.event.list.query({ projectId }),
    "event.list (name)": () => client.event.list.query({ projectId, name: "event_7" }),
    "event.list (user)": () => client.event.list.query({ projectId, userIdentifier: "user-42" }),
    "event.list (last hour)": () => client.event.list.query({ projectId, from: since }),
    "event.get": () => client.event.get.query({ projectId, eventId }),
    "user.list": () => client.user.list.query({ projectId }),
    "user.list (search)": () => client.user.list.query({ projectId, search: "user-99" }),
    "user.get": () => client.user.get.query({ projectId, userId }),
    "catalog.list": () => client.catalog.list.query({ projectId }),
    "token.list": () => client.token.list.query({ projectId }),
  };
}

interface Filled {
  projectId: string;
  tokenId: string;
  fillMs: number | null;
}

/** The project a kept database already holds; its last fill step marks it complete. */
async function alreadyFilled(database: Database): Promise<Filled | null> {
  const project = await database.prisma.project.findFirst({
    where: { name: "volume" },
    select: { id: true, tokens: { select: { id: true }, take: 1 } },
  });
  if (!project) return null;
  const keys = await database.prisma.catalogPropertyKey.count({ where: { projectId: project.id } });
  const tokenId = project.tokens[0]?.id;
  if (keys === 0 || !tokenId) throw new Error("the kept database's fill is incomplete; drop it");
  return { projectId: project.id, tokenId, fillMs: null };
}

async function fill(database: Database, url: string): Promise<Filled> {
  checkFreeDisk();
  const project = await seedProject(database, "volume", 1);
  const token = await database.prisma.projectToken.findFirstOrThrow({
    where: { projectId: project.projectId },
    select: { id: true },
  });
  // Its own connection: Inlet's pool gives up on a query after 15 s, and the fill is longer.
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  const fillMs = await timed(async () => {
    await sql.query(
      `INSERT INTO users (id, project_id, identifier, properties, updated_at)
       SELECT gen_random_uuid(), $1::uuid, 'user-' || i, '{}', now()
       FROM generate_series(0, $2::int - 1) AS i`,
      [project.projectId, USERS],
    );
    await sql.query(FILL, [project.projectId, token.id, EVENTS, USERS]);
    for (const statement of COUNTERS) await sql.query(statement, [project.projectId]);
    await sql.query("VACUUM ANALYZE");
  }).finally(() => sql.end());
  return { projectId: project.projectId, tokenId: token.id, fillMs };
}

const scratch = KEPT_DATABASE
  ? await keptPostgresDatabase(KEPT_DATABASE)
  : await createPostgresScratch();
const url = "url" in scratch.target ? scratch.target.url : "";
try {
  const seeded = await withDatabase(scratch.target, async (database) => {
    const filled = (await alreadyFilled(database)) ?? (await fill(database, url));
    await createAdmin(database.prisma, ADMIN);
    const event = await database.prisma.event.findFirstOrThrow({
      where: { projectId: filled.projectId },
      select: { id: true },
    });
    const user = await database.prisma.user.findFirstOrThrow({
      where: { projectId: filled.projectId, identifier: "user-42" },
      select: { id: true },
    });
    const size = await database.prisma.$queryRaw<{ bytes: bigint; events: bigint }[]>`
      SELECT pg_database_size(current_database()) AS bytes,
        (SELECT count(*) FROM events) AS events`;
    return {
      ...filled,
      eventId: event.id,
      userId: user.id,
      bytes: size[0]?.bytes,
      events: size[0]?.events,
    };
  });
  const took =
    seeded.fillMs === null ? "filled before" : `filled in ${(seeded.fillMs / 1000).toFixed(0)} s`;
  console.log(
    `${Number(seeded.events).toLocaleString("en")} events, ${took}; ` +
      `database ${(Number(seeded.bytes) / 1e9).toFixed(2)} GB (${scratch.describe})`,
  );

  const inlet = await startInlet({
    ...loadConfig({
      PORT: "0",
      LOG_LEVEL: "warn",
      INLET_LOCAL_TLS: "false",
      // A program's key is limited to 10 requests a second; the bench measures, not limits.
      API_RATE_LIMIT_PER_SECOND: "100000",
    }),
    databaseUrl: url,
  });
  try {
    const client = adminClient(inlet.url, await signIn(inlet.url, ADMIN.email, ADMIN.password));
    const procedures = reads(client, seeded.projectId, seeded.eventId, seeded.userId);
    const results: [string, number][] = [];
    for (const [name, work] of Object.entries(procedures)) results.push([name, await median(work)]);
    // A page is what the dashboard asks for when it opens, all at once.
    const pages: Record<string, string[]> = {
      "Projects page": ["project.list"],
      "Events page": ["project.get", "stats.replication", "stats.eventsPerMinute", "event.list"],
      "Users page": ["project.get", "stats.replication", "user.list"],
      "User page": ["project.get", "stats.replication", "user.get"],
      "Catalogue page": ["project.get", "stats.replication", "catalog.list"],
      "Tokens page": ["project.get", "stats.replication", "token.list"],
    };
    for (const [page, names] of Object.entries(pages)) {
      const calls = names.map((name) => procedures[name as keyof typeof procedures]);
      results.push([page, await median(() => Promise.all(calls.map((call) => call())))]);
    }
    // The read API, as a program with a secret key calls it; exports to their first byte.
    const { key } = await createApiKey(inlet.database.prisma, {
      projectId: seeded.projectId,
      grant: "read",
      now: new Date(),
    });
    const api = (path: string) => async () => {
      const response = await fetch(`${inlet.url}/api/v1${path}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      // The first chunk is enough for an export; lists are read whole. The reader cancels
      // the rest (`body.cancel()` refuses a locked body), or each round's export would go on
      // in this process, Inlet's too, until the socket's buffers filled, and slow the next.
      if (path.includes("export")) {
        const reader = response.body?.getReader();
        await reader?.read();
        await reader?.cancel();
      } else await response.arrayBuffer();
    };
    const apiPages: Record<string, string> = {
      "GET /events": "/events",
      "GET /events (name)": "/events?name=event_7",
      "GET /events (user)": "/events?user=user-42",
      "GET /events (last hour)": `/events?from=${new Date(Date.now() - 3600_000).toISOString()}`,
      "GET /users": "/users",
      "GET /users/{identifier}": "/users/user-42",
      "GET /events/export (ndjson, first byte)": "/events/export?format=ndjson",
      "GET /events/export (csv, first byte)": "/events/export?format=csv",
    };
    for (const [name, path] of Object.entries(apiPages))
      results.push([name, await median(api(path))]);
    console.log(`\n| read (${Number(seeded.events).toLocaleString("en")} events) | median ms |`);
    console.log("| --- | ---: |");
    for (const [name, ms] of results) {
      console.log(`| ${name} | ${ms.toFixed(1)}${ms > TARGET_MS ? " (over target)" : ""} |`);
    }
  } finally {
    await inlet.stop();
  }
} finally {
  await scratch.remove();
}
