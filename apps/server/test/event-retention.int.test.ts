// The server's retention loop: 50,000 expired events deleted in the background while /e keeps answering 200; newer events, other projects and users stay.
import { openDatabase, type Database } from "@inlet/db";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../src/build-server.ts";
import { DEFAULT_RETENTION_TIMING } from "../src/event-retention.ts";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { testConfig, testDatabaseSettings } from "../../../test-support/test-inlet.ts";

const EXPIRED = 50_000;
const DAY_MS = 24 * 3600 * 1000;

/** Inserts `count` events of one project received `daysAgo`, in one statement. */
async function insertReceived(
  database: Database,
  projectId: string,
  count: number,
  daysAgo: number,
  userId: string | null = null,
) {
  const receivedAt = new Date(Date.now() - daysAgo * DAY_MS);
  await database.prisma.$executeRaw`
    INSERT INTO "events" ("id", "project_id", "user_id", "anonymous_id", "name", "occurred_at", "received_at")
    SELECT gen_random_uuid(), ${projectId}::uuid, ${userId}::uuid, 'anon-old', 'old ' || n, ${receivedAt}, ${receivedAt}
    FROM generate_series(1, ${count}) AS n`;
}

describe("event retention in the server", () => {
  const settings = testDatabaseSettings();
  let database: Database;
  let app: FastifyInstance;
  let url: string;
  let kept: Awaited<ReturnType<typeof createTestProject>>;
  let other: Awaited<ReturnType<typeof createTestProject>>;
  let userId: string;

  beforeAll(async () => {
    database = await openDatabase(settings);
    kept = await createTestProject(database);
    other = await createTestProject(database);
    await database.prisma.project.update({
      where: { id: kept.projectId },
      data: { retentionDays: 7 },
      select: { id: true },
    });
    const user = await database.prisma.user.create({
      data: { projectId: kept.projectId, identifier: "old-timer", properties: { plan: "pro" } },
      select: { id: true },
    });
    userId = user.id;
    await insertReceived(database, kept.projectId, EXPIRED, 30, userId);
    await insertReceived(database, kept.projectId, 100, 6);
    await insertReceived(database, other.projectId, 1000, 30);
    const config = testConfig({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
    app = await buildServer({
      config: {
        ...config,
        ingest: { ...config.ingest, rateLimitPerSecond: 1e6, rateLimitBurst: 1e6 },
      },
      database,
      eventRetention: { ...DEFAULT_RETENTION_TIMING, firstDelayMs: 1500, minPauseMs: 50 },
    });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
    // The first requests of a process are slow for reasons of their own (token cache, JIT);
    // they are answered before the first retention pass starts.
    await postJson(url, "/e", { projectToken: other.token, name: "warm-up" });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    settings.cleanup();
  });

  const expiredLeft = () =>
    database.prisma.event.count({
      where: { projectId: kept.projectId, receivedAt: { lt: new Date(Date.now() - 7 * DAY_MS) } },
    });

  it("deletes the expired events while ingestion keeps answering", async () => {
    const latencies: number[] = [];
    const statuses = new Set<number>();
    let sentWhileExpiring = 0;
    let firstDeleteSeenAt: number | undefined;
    const deadline = Date.now() + 90_000;
    let left = await expiredLeft();
    // Four senders at a time, as a site's traffic would overlap with the deletes.
    while (left > 0 && Date.now() < deadline) {
      const round = await Promise.all(
        Array.from({ length: 4 }, async (_, i) => {
          const started = performance.now();
          const response = await postJson(url, "/e", {
            projectToken: kept.token,
            name: `fresh-${latencies.length + i}`,
          });
          return { status: response.status, ms: performance.now() - started };
        }),
      );
      for (const { status, ms } of round) {
        statuses.add(status);
        latencies.push(ms);
      }
      left = await expiredLeft();
      if (left < EXPIRED) firstDeleteSeenAt ??= performance.now();
      if (left > 0 && left < EXPIRED) sentWhileExpiring += round.length;
    }

    expect(left).toBe(0);
    expect([...statuses]).toEqual([200]);
    // The deletes ran in several batches, and requests were answered between them.
    expect(sentWhileExpiring).toBeGreaterThanOrEqual(8);
    // No request waited behind the whole backlog: at most about one batch.
    const slowest = Math.max(...latencies);
    const expiryMs = performance.now() - (firstDeleteSeenAt ?? 0);
    expect(slowest).toBeLessThan(3_000);

    const fresh = await database.prisma.event.count({
      where: { projectId: kept.projectId, name: { startsWith: "fresh-" } },
    });
    expect(fresh).toBe(latencies.length);
    expect(
      await database.prisma.event.count({
        where: { projectId: kept.projectId, name: { startsWith: "old " } },
      }),
    ).toBe(100);
    expect(await database.prisma.event.count({ where: { projectId: other.projectId } })).toBe(1001);
    expect(
      await database.prisma.user.findUnique({
        where: { id: userId },
        select: { identifier: true, properties: true },
      }),
    ).toEqual({ identifier: "old-timer", properties: { plan: "pro" } });
    console.info(
      `retention: ${EXPIRED} expired events deleted in about ${Math.round(expiryMs)} ms ` +
        `while ${latencies.length} events were sent; ` +
        `slowest answer ${Math.round(slowest)} ms`,
    );
  }, 120_000);
});
