// What the counters and the catalogue cost the hot path: Inlet's batch commit (events plus
// counters and catalogue in one statement) against the events-only insert it replaced, at
// group commit's batch sizes, alternating rounds so load elsewhere hits both alike.
// Run: node --import tsx bench/counter-cost.ts
import { randomUUID } from "node:crypto";
import type { Database } from "@inlet/db";
import type { EventRow } from "../apps/server/src/ingest/event-row.ts";
import { KnownCatalog } from "../apps/server/src/ingest/catalog-cache.ts";
import { commitTrackBatch } from "../apps/server/src/ingest/track-batch.ts";
import { withScratchProject } from "./database.ts";

const SECONDS = Number(process.env.BENCH_DURATION_S ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);

// The insert before the counters: the same columns and RETURNING, no counter or catalogue CTEs.
// (Its ON CONFLICT on the idempotency key went with the key's move to its own table; these
// rows carry no key, so it never applied.)
const EVENTS_ONLY = `
  WITH stored AS (
    INSERT INTO events (id, project_id, token_id, anonymous_id, name, url, custom_data,
      user_agent, browser, os, device_type, received_at, occurred_at)
    SELECT t.id, t.project_id, t.token_id, t.anonymous_id, t.name, t.url, t.custom_data,
      t.user_agent, 'Chrome', 'Linux', 'desktop', t.received_at, t.received_at
    FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[],
      $7::jsonb[], $8::text[], $9::timestamptz[])
      AS t(id, project_id, token_id, anonymous_id, name, url, custom_data, user_agent, received_at)
    LEFT JOIN anonymous_links l ON l.project_id = t.project_id AND l.anonymous_id = t.anonymous_id
    RETURNING id, user_id
  )
  SELECT stored.id, u.identifier FROM stored LEFT JOIN users u ON u.id = stored.user_id`;

const NAMES = ["$pageview", "click", "signup", "purchase", "search"];
const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36";

function rows(projectId: string, tokenId: string, count: number): EventRow[] {
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    projectId,
    tokenId,
    anonymousId: `visitor-${i % 50}`,
    name: NAMES[i % NAMES.length] as string,
    url: "https://example.com/pricing",
    customData: { plan: "pro", amount: "99.5", trial: "false" },
    customDataKinds: { plan: "text", amount: "number", trial: "boolean" },
    contextId: null,
    userAgent: UA,
    browser: "Chrome",
    os: "Linux",
    deviceType: "desktop",
    referrer: null,
    sdk: null,
    sdkVersion: null,
    idempotencyKey: null,
    batchId: null,
    occurredAt: new Date(),
    receivedAt: new Date(),
  }));
}

type Commit = (events: EventRow[]) => Promise<unknown>;

async function eventsPerSecond(commit: Commit, make: () => EventRow[]): Promise<number> {
  let stored = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const events = make();
      await commit(events);
      stored += events.length;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return stored / SECONDS;
}

function variants(database: Database): Record<string, Commit> {
  const known = new KnownCatalog();
  return {
    "events only (before)": (events) =>
      database.sql.query(EVENTS_ONLY, [
        events.map((e) => e.id),
        events.map((e) => e.projectId),
        events.map((e) => e.tokenId),
        events.map((e) => e.anonymousId),
        events.map((e) => e.name),
        events.map((e) => e.url),
        events.map((e) => JSON.stringify(e.customData)),
        events.map((e) => e.userAgent),
        events.map((e) => e.receivedAt.toISOString()),
      ]),
    "with counters and catalogue": async (events) => {
      await commitTrackBatch(
        database,
        events.map((event) => ({ event, user: null, link: "server-keeps-link" as const })),
        known,
      );
      known.learn(events);
    },
  };
}

await withScratchProject(
  "counter cost",
  async (database, project) => {
    const token = await database.prisma.projectToken.findFirstOrThrow({
      where: { projectId: project.projectId },
      select: { id: true },
    });
    console.log(`| batch | variant | events/s (median of ${ROUNDS} rounds of ${SECONDS} s) |`);
    console.log("| ---: | --- | ---: |");
    for (const batch of [1, 50, 500]) {
      const results = new Map<string, number[]>();
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, commit] of Object.entries(variants(database))) {
          const rate = await eventsPerSecond(commit, () =>
            rows(project.projectId, token.id, batch),
          );
          results.set(name, [...(results.get(name) ?? []), rate]);
        }
      }
      for (const [name, rates] of results) {
        const median = [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)] ?? 0;
        console.log(`| ${batch} | ${name} | ${Math.round(median)} |`);
      }
    }
  },
  { poolSize: CONNECTIONS },
);
