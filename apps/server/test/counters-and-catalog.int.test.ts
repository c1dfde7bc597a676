// Counters and catalogue kept at ingest: they equal COUNT(*) after concurrent batches (two processes on Postgres), the chart, project list and catalogue read them, and Live marks a name or key as new once.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInNewAdmin, type AdminClient } from "../../../test-support/admin-client.ts";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { subscribeLive } from "../../../test-support/live-subscription.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { spawnServer, type ServerProcess } from "../../../test-support/server-process.ts";
import { startTestInlet, testConfig, type TestInlet } from "../../../test-support/test-inlet.ts";

// On Postgres a second process commits batches concurrently with the first.
const crossProcess = testDatabaseKind() === "postgres";

interface CountRow {
  minute: Date;
  name: string;
  count: number;
}

describe("counters and catalogue kept at ingest", () => {
  let inlet: TestInlet;
  let other: ServerProcess | undefined;
  let client: AdminClient;

  beforeAll(async () => {
    inlet = await startTestInlet({
      ingest: {
        ...testConfig().ingest,
        rateLimitPerSecond: 1e6,
        rateLimitBurst: 1e6,
        batchesInFlight: 4,
      },
    });
    other = crossProcess
      ? await spawnServer({
          DATABASE_URL: inlet.database.postgresUrl ?? "",
          INGEST_RATE_LIMIT_PER_SECOND: "1000000",
          INGEST_BATCHES_IN_FLIGHT: "4",
        })
      : undefined;
    client = await signInNewAdmin(inlet);
  }, 60_000);
  afterAll(async () => {
    other?.child.kill("SIGTERM");
    await other?.exited;
    await inlet?.close();
  });

  const send = (baseUrl: string, body: object, headers: Record<string, string> = {}) =>
    postJson(baseUrl, "/e", body, headers).then((response) => response.status);

  it("counts exactly the stored events, by minute and name, after concurrent batches", async () => {
    const project = await createTestProject(inlet.database);
    const urls = [inlet.url, other?.url ?? inlet.url];
    const names = ["view", "click", "signup"];
    // Some identified (the transaction path), some anonymous (the single statement), and
    // every tenth request repeated with its idempotency key, which stores nothing new.
    const requests = Array.from({ length: 600 }, (_, i) => ({
      url: urls[i % 2] as string,
      body: {
        projectToken: project.token,
        name: names[i % 3],
        identifier: i % 4 === 0 ? `user-${i % 7}` : undefined,
        customData: { step: i },
      },
      key: `k-${i - (i % 10 === 9 ? 1 : 0)}`,
    }));
    const statuses = await Promise.all(
      requests.map((r) => send(r.url, r.body, { "idempotency-key": r.key })),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);

    const { prisma } = inlet.database;
    const stored = await prisma.$queryRaw<CountRow[]>`
      SELECT date_trunc('minute', occurred_at, 'UTC') AS minute, name, count(*)::int AS count
      FROM events WHERE project_id = ${project.projectId}::uuid GROUP BY 1, 2 ORDER BY 1, 2`;
    const counted = await prisma.$queryRaw<CountRow[]>`
      SELECT minute, name, sum(count)::int AS count FROM event_counts
      WHERE project_id = ${project.projectId}::uuid GROUP BY 1, 2 ORDER BY 1, 2`;
    expect(stored.reduce((sum, row) => sum + row.count, 0)).toBe(540);
    expect(counted).toEqual(stored);
    const catalogued = await prisma.$queryRaw<{ name: string; count: number }[]>`
      SELECT name, sum(count)::int AS count FROM catalog_events
      WHERE project_id = ${project.projectId}::uuid GROUP BY 1 ORDER BY 1`;
    const byName = (rows: CountRow[], name: string) =>
      rows.filter((row) => row.name === name).reduce((sum, row) => sum + row.count, 0);
    expect(catalogued).toEqual(
      ["click", "signup", "view"].map((name) => ({ name, count: byName(stored, name) })),
    );

    // The dashboard's reads answer from these counters.
    const chart = await client.stats.eventsPerMinute.query({ projectId: project.projectId });
    expect(chart.reduce((sum, minute) => sum + minute.count, 0)).toBe(540);
    const listed = await client.project.list.query();
    expect(listed.find((row) => row.id === project.projectId)?.eventsLast24h).toBe(540);
  }, 60_000);

  it("lists each name with its keys, value kinds, counts and times, unaffected by deletion", async () => {
    const project = await createTestProject(inlet.database);
    const track = (name: string, customData: object) =>
      send(inlet.url, { projectToken: project.token, name, customData });
    expect(await track("purchase", { plan: "pro", price: 9.5, trial: true })).toBe(200);
    expect(await track("purchase", { plan: "team", price: "9", cart: { items: 2 } })).toBe(200);
    expect(await track("purchase", { plan: null })).toBe(200);
    expect(await track("logout", {})).toBe(200);

    const catalogue = await client.catalog.list.query({ projectId: project.projectId });
    expect(catalogue.eventsTotal).toBe(2);
    expect(catalogue.events.map((event) => [event.name, event.count])).toEqual([
      ["purchase", 3],
      ["logout", 1],
    ]);
    const purchase = catalogue.events[0];
    // Dates travel as ISO text (no transformer on the wire).
    const [first, last] = [purchase?.firstSeenAt, purchase?.lastSeenAt].map((at) =>
      Date.parse(String(at)),
    );
    expect(Number.isFinite(first)).toBe(true);
    expect(last).toBeGreaterThanOrEqual(first ?? Infinity);
    expect(purchase?.propertiesTotal).toBe(4);
    const kinds = Object.fromEntries(
      (purchase?.properties ?? []).map((p) => [p.key, { count: p.count, ...p.kinds }]),
    );
    expect(kinds).toEqual({
      plan: { count: 2, text: 2, number: 0, boolean: 0, json: 0 },
      price: { count: 2, text: 1, number: 1, boolean: 0, json: 0 },
      trial: { count: 1, text: 0, number: 0, boolean: 1, json: 0 },
      cart: { count: 1, text: 0, number: 0, boolean: 0, json: 1 },
    });
    expect(catalogue.events[1]?.properties).toEqual([]);

    // Counts are of events received: removing the events leaves them as they were.
    await inlet.database.prisma.event.deleteMany({ where: { projectId: project.projectId } });
    const after = await client.catalog.list.query({ projectId: project.projectId });
    expect(after.events.map((event) => [event.name, event.count])).toEqual([
      ["purchase", 3],
      ["logout", 1],
    ]);
  });

  it("marks a name or key as new in Live only the first time the project sees it", async () => {
    const project = await createTestProject(inlet.database);
    const live = subscribeLive(client, { projectId: project.projectId });
    await live.ready;
    const name = `signup-${randomBytes(3).toString("hex")}`;
    const track = (customData: object, url = inlet.url) =>
      send(url, { projectToken: project.token, name, customData });
    expect(await track({ plan: "pro" })).toBe(200);
    expect(await track({ plan: "team", coupon: "X" }, other?.url)).toBe(200);
    expect(await track({ plan: "free", coupon: "Y" })).toBe(200);
    // Five at once, likely sharing a batch: one key new to all of them, marked once.
    const together = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => track({ plan: "pro", [`${name}-seat`]: n })),
    );
    expect(together).toEqual([200, 200, 200, 200, 200]);

    await expect.poll(() => live.items().length, { timeout: 5_000 }).toBe(8);
    live.stop();
    const novelties = live.items().map((item) => (item.kind === "accepted" ? item.novel : null));
    expect(novelties.slice(0, 3)).toEqual([
      { name: true, keys: ["plan"] },
      { name: false, keys: ["coupon"] },
      { name: false, keys: [] },
    ]);
    const seatMarks = novelties.slice(3).filter((novel) => novel?.keys.includes(`${name}-seat`));
    expect(seatMarks).toHaveLength(1);
    expect(novelties.slice(3).every((novel) => novel?.name === false)).toBe(true);
  });
});
