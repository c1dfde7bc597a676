// Dry runs of /e, /i, /u and /batch: the answer says what would be stored and why (user, rule, bot, client time), refusals are marked, nothing is stored, the rate limit still counts.
import { openDatabase } from "@inlet/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInNewAdmin, type AdminClient } from "../../../test-support/admin-client.ts";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { SENDERS } from "../../../test-support/identity-senders.ts";
import { subscribeLive } from "../../../test-support/live-subscription.ts";
import { startTestInlet, testConfig, type TestInlet } from "../../../test-support/test-inlet.ts";

const curl = SENDERS.curlBackend;

let inlet: TestInlet;
let client: AdminClient;
beforeAll(async () => {
  inlet = await startTestInlet();
  client = await signInNewAdmin(inlet);
});
afterAll(() => inlet.close());

const post = (path: string, body: unknown, headers: Record<string, string> = curl) =>
  postJson(inlet.url, path, body, headers);

/** Every row a request could have written for the project, counted table by table. */
async function storedRows(projectId: string): Promise<Record<string, number>> {
  const tables = [
    "events",
    "users",
    "anonymous_links",
    "idempotency_keys",
    "event_counts",
    "catalog_events",
    "catalog_properties",
    "catalog_event_names",
    "catalog_property_keys",
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await inlet.database.prisma.$queryRawUnsafe<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM ${table} WHERE project_id = $1::uuid`,
      projectId,
    );
    counts[table] = row?.count ?? -1;
  }
  return counts;
}

const NOTHING = {
  events: 0,
  users: 0,
  anonymous_links: 0,
  idempotency_keys: 0,
  event_counts: 0,
  catalog_events: 0,
  catalog_properties: 0,
  catalog_event_names: 0,
  catalog_property_keys: 0,
};

describe("dry run of a single request", () => {
  it("answers /e with the normalised event, its user and why, the bot verdict and the time, and stores nothing", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const response = await post("/e?dryRun=1", {
      projectToken: token,
      name: "$$pageView",
      userIdentifier: "alice",
      url: "https://shop.example/pricing",
      customData: { plan: "pro", seats: 3, gone: null },
      id: "order-1",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-inlet-dry-run")).toBe("1");
    expect(response.headers.get("set-cookie")).toBeNull();
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      dryRun: true,
      status: 200,
      type: "event",
      event: {
        name: "$pageview",
        url: "https://shop.example/pricing",
        customData: { plan: "pro", seats: "3" },
        customDataKinds: { plan: "text", seats: "number" },
        idempotencyKey: "order-1",
        userAgent: "curl/8.5.0",
      },
      user: { identifier: "alice", rule: "sent-identifier", new: true },
      visitorLink: { rule: "server-keeps-link", before: null, after: null },
      visitor: { source: "cookieless", sender: "server" },
      bot: { detected: false, filtered: true },
      duplicate: false,
    });
    const time = body.time as { receivedAt: string; occurredAt: string };
    expect(Math.abs(Date.parse(time.receivedAt) - Date.now())).toBeLessThan(10_000);
    expect(await storedRows(projectId)).toEqual(NOTHING);
  });

  it("names the identity rule that wins: the visitor's link, an identify's adoption, a browser's link", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    expect((await post("/e", { projectToken: token, name: "anonymous" })).status).toBe(200);

    const identify = await post("/i?dryRun=true", { projectToken: token, identifier: "carol" });
    expect(await identify.json()).toMatchObject({
      type: "identify",
      user: { identifier: "carol", rule: "identify", new: true },
      visitorLink: { rule: "identify", before: null, after: "carol" },
      adopts: 1,
    });

    expect((await post("/i", { projectToken: token, identifier: "bob" })).status).toBe(200);
    const unnamed = await post("/e?dryRun=1", { projectToken: token, name: "later" });
    expect(await unnamed.json()).toMatchObject({
      user: { identifier: "bob", rule: "visitor-link", new: false },
      visitorLink: { rule: null, before: "bob", after: "bob" },
    });
    const update = await post("/u?dryRun=1", {
      projectToken: token,
      data: { set: { plan: "team" } },
    });
    expect(await update.json()).toMatchObject({
      type: "updateUser",
      user: { identifier: "bob", rule: "visitor-link", new: false },
      changes: { properties: { set: { plan: "team" }, setOnce: {}, unset: [] } },
    });
    const browser = await post(
      "/e?dryRun=1",
      { projectToken: token, name: "clicked", identifier: "dora" },
      SENDERS.sharedBrowser,
    );
    expect(await browser.json()).toMatchObject({
      user: { identifier: "dora", rule: "sent-identifier", new: true },
      visitorLink: { rule: "browser-links", before: null, after: "dora" },
      visitor: { sender: "browser" },
    });

    // Only the real requests left rows: one event adopted by bob, his user and link.
    expect(await storedRows(projectId)).toMatchObject({
      events: 1,
      users: 1,
      anonymous_links: 1,
    });
    const link = await inlet.database.prisma.anonymousLink.findMany({
      where: { projectId },
      select: { user: { select: { identifier: true } } },
    });
    expect(link).toEqual([{ user: { identifier: "bob" } }]);
  });

  it("marks refusals and drops as dry runs, with their status, reason and JSON", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const invalid = await post("/e?dryRun=1", { projectToken: token });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("x-inlet-reason")).toBe("name is required");
    expect(invalid.headers.get("x-inlet-dry-run")).toBe("1");
    expect(await invalid.json()).toEqual({ dryRun: true, status: 400, reason: "name is required" });

    const noUser = await post("/u?dryRun=1", { projectToken: token, data: { set: { a: 1 } } });
    expect(noUser.status).toBe(400);
    expect(await noUser.json()).toMatchObject({ dryRun: true, reason: /no user found/ });

    const unknown = await post("/e?dryRun=1", { projectToken: "proj_unknown", name: "x" });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({
      dryRun: true,
      status: 401,
      reason: "unknown project token",
    });

    const bot = await post(
      "/e",
      { projectToken: token, name: "crawl" },
      { "user-agent": "Googlebot/2.1 (+http://www.google.com/bot.html)", "x-inlet-dry-run": "1" },
    );
    expect(bot.status).toBe(200);
    expect(bot.headers.get("x-inlet-dropped")).toBe("bot");
    expect(await bot.json()).toMatchObject({ dryRun: true, dropped: "bot" });
    expect(await storedRows(projectId)).toEqual(NOTHING);
  });
});

describe("dry run and client time", () => {
  it("reports the corrected event time, the future flag and the horizon refusal, storing nothing", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const HOUR = 3_600_000;
    // The client's clock is two hours slow: its "now" is two hours before the server's.
    const clientNow = Date.now() - 2 * HOUR;
    const skewed = await post("/e?dryRun=1", {
      projectToken: token,
      name: "late",
      timestamp: clientNow - 10 * 60_000,
      sentAt: clientNow,
    });
    const { time } = (await skewed.json()) as {
      time: { receivedAt: string; occurredAt: string; source: string; skewMs: number };
    };
    expect(time.source).toBe("corrected");
    expect(time.skewMs).toBeGreaterThan(2 * HOUR - 10_000);
    expect(Date.parse(time.receivedAt) - Date.parse(time.occurredAt)).toBeGreaterThan(9 * 60_000);
    expect(Date.parse(time.receivedAt) - Date.parse(time.occurredAt)).toBeLessThan(11 * 60_000);

    const response = await post("/batch?dryRun=1", {
      projectToken: token,
      batch: [
        { type: "event", name: "ahead", timestamp: Date.now() + 3 * HOUR },
        { type: "event", name: "ancient", timestamp: Date.now() - 400 * 24 * HOUR },
      ],
    });
    const body = (await response.json()) as { items: Record<string, unknown>[] };
    expect(body).toMatchObject({
      accepted: 1,
      timeAdjusted: [{ index: 0, reason: "future" }],
      rejected: [{ index: 1, status: 400, reason: /horizon/ }],
    });
    expect(body.items[0]).toMatchObject({ time: { adjusted: "future", source: "received" } });
    expect(await storedRows(projectId)).toEqual(NOTHING);
  });
});

describe("dry run of a batch", () => {
  it("answers each item's verdict in order, with the header form, and stores nothing", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    await post("/batch", { projectToken: token, batch: [{ type: "event", name: "x", id: "k1" }] });
    const before = await storedRows(projectId);
    const response = await post(
      "/batch",
      {
        projectToken: token,
        batch: [
          { type: "event", name: "early" },
          { type: "identify", identifier: "erin" },
          { type: "event", name: "credited" },
          { type: "event" },
          { type: "event", name: "again", id: "k1" },
          { type: "event", name: "twice", id: "k2" },
          { type: "event", name: "twice", id: "k2" },
          { type: "updateUser", data: { set: { tier: "gold" } } },
        ],
      },
      { ...curl, "X-Inlet-Dry-Run": "1" },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: Record<string, unknown>[] };
    expect(body).toMatchObject({
      dryRun: true,
      accepted: 7,
      rejected: [{ index: 3, status: 400, reason: "name is required" }],
      duplicate: [4, 6],
      visitor: { source: "cookieless", sender: "server" },
    });
    expect(body.items.map((item) => [item.index, item.status, item.type ?? null])).toEqual([
      [0, 200, "event"],
      [1, 200, "identify"],
      [2, 200, "event"],
      [3, 400, null],
      [4, 200, "event"],
      [5, 200, "event"],
      [6, 200, "event"],
      [7, 200, "updateUser"],
    ]);
    expect(body.items[0]).toMatchObject({ user: { identifier: null, rule: "anonymous" } });
    // The identify adopts the visitor's stored anonymous event and the batch's earlier one,
    // and credits the later ones.
    expect(body.items[1]).toMatchObject({ adopts: 2, visitorLink: { after: "erin" } });
    expect(body.items[2]).toMatchObject({ user: { identifier: "erin", rule: "visitor-link" } });
    expect(body.items[7]).toMatchObject({ user: { identifier: "erin", rule: "visitor-link" } });
    expect(await storedRows(projectId)).toEqual(before);
  });

  it("shows a dry run in Live marked: the batch's summary and rows, a single event, a refusal", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const live = subscribeLive(client, { projectId });
    await live.ready;
    await post("/batch?dryRun=1", {
      projectToken: token,
      batch: [{ type: "event", name: "tried", identifier: "fay" }, { type: "event" }],
    });
    await post("/e?dryRun=1", { projectToken: token, name: "single" });
    await post("/e?dryRun=1", { projectToken: token });
    await expect.poll(() => live.items().length).toBe(4);
    expect(live.items().map((item) => [item.kind, item.name, item.dryRun])).toEqual([
      ["batch", null, true],
      ["accepted", "tried", true],
      ["accepted", "single", true],
      ["refused", null, true],
    ]);
    expect(live.items()[0]).toMatchObject({ accepted: 1, refusedCount: 1 });
    live.stop();
  });
});

describe("GET /openapi.json", () => {
  it("describes the dry-run switch on every storing endpoint, and its answers", async () => {
    const document = (await (await fetch(`${inlet.url}/openapi.json`)).json()) as {
      paths: Record<string, { post: { parameters: { name: string }[] } }>;
      components: { schemas: Record<string, unknown> };
    };
    for (const path of ["/e", "/i", "/u", "/batch"]) {
      const names = document.paths[path]?.post.parameters.map((parameter) => parameter.name);
      expect(names).toEqual(expect.arrayContaining(["dryRun", "X-Inlet-Dry-Run"]));
    }
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(["DryRunItem", "DryRunRequest", "DryRunRefusal"]),
    );
  });
});

describe("dry runs and the token", () => {
  it("count against the rate limit, and leave the token's last use unwritten", async () => {
    const limited = await startTestInlet({
      ingest: { ...testConfig().ingest, rateLimitPerSecond: 0.001, rateLimitBurst: 5 },
    });
    const { tokenId, token } = await createTestProject(limited.database);
    try {
      const send = (batch: unknown[]) =>
        postJson(limited.url, "/batch?dryRun=1", { projectToken: token, batch }, curl);
      const first = await send([
        { type: "event", name: "a" },
        { type: "event", name: "b" },
      ]);
      expect(first.status).toBe(200);
      expect(first.headers.get("x-ratelimit-remaining")).toBe("3");
      const single = await postJson(limited.url, "/e?dryRun=1", { projectToken: token, name: "c" });
      expect(single.headers.get("x-ratelimit-remaining")).toBe("2");
      const over = await send([1, 2, 3].map((n) => ({ type: "event", name: `n${n}` })));
      expect(over.status).toBe(429);
      expect(await over.json()).toMatchObject({ dryRun: true, status: 429 });
      await limited.stop(); // writes pending token use before closing
      const database = await openDatabase({
        databaseUrl: limited.database.postgresUrl ?? undefined,
        dataDir: limited.dataDir,
      });
      try {
        const row = await database.prisma.projectToken.findUniqueOrThrow({
          where: { id: tokenId },
          select: { lastUsedAt: true },
        });
        expect(row.lastUsedAt).toBeNull();
      } finally {
        await database.close();
      }
    } finally {
      await limited.close();
    }
  });
});
