// Client time over HTTP: skewed clocks corrected, future times flagged (header, batch verdict), the horizon, and lists, counters and the batch filter by event time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInNewAdmin, type AdminClient } from "../../../test-support/admin-client.ts";
import { apiGet, createTestKey } from "../../../test-support/api-keys.ts";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { SENDERS } from "../../../test-support/identity-senders.ts";
import { startTestInlet, testConfig, type TestInlet } from "../../../test-support/test-inlet.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Not the default, so the tests show the configured horizon is the one applied.
const HORIZON_DAYS = 10;
const ADJUSTED = "x-inlet-time-adjusted";
const REASON = "x-inlet-reason";
const UNREADABLE =
  "timestamp must be an ISO 8601 date-time with a zone (Z or +hh:mm) or epoch milliseconds";

let inlet: TestInlet;
let client: AdminClient;
beforeAll(async () => {
  inlet = await startTestInlet({
    ingest: {
      ...testConfig().ingest,
      rateLimitPerSecond: 1e6,
      rateLimitBurst: 1e6,
      timeHorizonDays: HORIZON_DAYS,
    },
  });
  client = await signInNewAdmin(inlet);
});
afterAll(() => inlet.close());

const post = (path: string, body: unknown) => postJson(inlet.url, path, body, SENDERS.curlBackend);

/** A project's stored events by name: both times in epoch ms, and whether a batch carried it. */
async function stored(projectId: string) {
  const rows = await inlet.database.prisma.event.findMany({
    where: { projectId },
    select: { name: true, occurredAt: true, receivedAt: true, batchId: true },
  });
  return new Map(
    rows.map((row) => [
      row.name,
      {
        occurredAt: row.occurredAt.getTime(),
        receivedAt: row.receivedAt.getTime(),
        batchId: row.batchId,
      },
    ]),
  );
}

describe("client time on single requests", () => {
  it("corrects a skewed clock by receivedAt − sentAt, and counts the event in its own minute", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const before = Date.now();
    // The client's clock is three hours slow; it stamped the event ten minutes before sending.
    const clientNow = before - 3 * HOUR;
    const response = await post("/e", {
      projectToken: token,
      name: "slow clock",
      timestamp: new Date(clientNow - 10 * MINUTE).toISOString(),
      sentAt: clientNow,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get(ADJUSTED)).toBeNull();
    const event = (await stored(projectId)).get("slow clock");
    expect(event?.receivedAt).toBeGreaterThanOrEqual(before);
    expect(event?.receivedAt).toBeLessThanOrEqual(Date.now());
    expect((event?.receivedAt ?? 0) - (event?.occurredAt ?? 0)).toBe(10 * MINUTE);

    const counters = await inlet.database.prisma.eventCount.findMany({
      where: { projectId },
      select: { minute: true, count: true },
    });
    const minute = Math.floor((event?.occurredAt ?? 0) / MINUTE) * MINUTE;
    expect(counters.map((row) => [row.minute.getTime(), row.count])).toEqual([[minute, 1]]);
  });

  it("stores a timestamp without sentAt as sent, as epoch milliseconds or ISO 8601", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const twoDaysAgo = Math.floor(Date.now() / 1000) * 1000 - 2 * DAY;
    const ms = await post("/e", { projectToken: token, name: "ms", timestamp: twoDaysAgo });
    expect(ms.status).toBe(200);
    const iso = new Date(twoDaysAgo - HOUR).toISOString().replace("Z", "+00:00");
    const isoAnswer = await post("/e", { projectToken: token, name: "iso", timestamp: iso });
    expect(isoAnswer.status).toBe(200);
    const events = await stored(projectId);
    expect(events.get("ms")?.occurredAt).toBe(twoDaysAgo);
    expect(events.get("iso")?.occurredAt).toBe(twoDaysAgo - HOUR);
  });

  it("stores a time over an hour ahead as the receive time and flags it with a header", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const ahead = await post("/e", {
      projectToken: token,
      name: "ahead",
      timestamp: Date.now() + 2 * HOUR,
    });
    expect(ahead.status).toBe(200);
    expect(ahead.headers.get(ADJUSTED)).toBe("future");
    // A clock two days fast is corrected back, so its event is not in the future at all.
    const clientNow = Date.now() + 2 * DAY;
    const fast = await post("/e", {
      projectToken: token,
      name: "fast clock",
      timestamp: clientNow - MINUTE,
      sentAt: new Date(clientNow).toISOString(),
    });
    expect(fast.status).toBe(200);
    expect(fast.headers.get(ADJUSTED)).toBeNull();
    const events = await stored(projectId);
    expect(events.get("ahead")?.occurredAt).toBe(events.get("ahead")?.receivedAt);
    const corrected = events.get("fast clock");
    expect((corrected?.receivedAt ?? 0) - (corrected?.occurredAt ?? 0)).toBe(MINUTE);
  });

  it("refuses a time older than the horizon or unreadable, with the reason, storing nothing", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const tooOld = await post("/e", {
      projectToken: token,
      name: "too old",
      timestamp: Date.now() - (HORIZON_DAYS + 1) * DAY,
    });
    expect(tooOld.status).toBe(400);
    expect(await tooOld.text()).toBe("Invalid!");
    expect(tooOld.headers.get(REASON)).toBe(
      `timestamp is older than the ${HORIZON_DAYS}-day time horizon`,
    );
    const unreadable = await post("/e", { projectToken: token, name: "x", timestamp: "today" });
    expect(unreadable.status).toBe(400);
    expect(unreadable.headers.get(REASON)).toBe(UNREADABLE);
    const identify = await post("/i", { projectToken: token, identifier: "u", sentAt: 1 });
    expect(identify.status).toBe(400);
    expect(identify.headers.get(REASON)).toMatch(/^sentAt must be epoch milliseconds/);
    expect(await inlet.database.prisma.event.count({ where: { projectId } })).toBe(0);
    expect(await inlet.database.prisma.user.count({ where: { projectId } })).toBe(0);
  });
});

describe("client time in batches", () => {
  it("corrects every item by the envelope's sentAt, flags and refuses items one by one", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    // The batch was sent by a clock one hour slow.
    const sentAt = Date.now() - HOUR;
    const batch = [
      { type: "event", name: "five minutes before sending", timestamp: sentAt - 5 * MINUTE },
      { type: "event", name: "three hours ahead", timestamp: sentAt + 3 * HOUR, id: "ahead-1" },
      { type: "event", name: "too old", timestamp: sentAt - (HORIZON_DAYS + 1) * DAY },
      { type: "event", name: "unreadable", timestamp: "2026-02-30T00:00:00Z" },
      { type: "event", name: "own sentAt", sentAt },
      { type: "identify", identifier: "batch-user" },
      { type: "event", name: "no timestamp", identifier: "batch-user" },
    ];
    const response = await post("/batch", { projectToken: token, sentAt, batch });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      accepted: 4,
      rejected: [
        {
          index: 2,
          status: 400,
          reason: `timestamp is older than the ${HORIZON_DAYS}-day time horizon`,
        },
        { index: 3, status: 400, reason: "timestamp is not a real date and time" },
        { index: 4, status: 400, reason: "sentAt belongs in the batch envelope, not in an item" },
      ],
      duplicate: [],
      timeAdjusted: [{ index: 1, reason: "future" }],
    });

    const events = await stored(projectId);
    expect([...events.keys()].sort()).toEqual([
      "five minutes before sending",
      "no timestamp",
      "three hours ahead",
    ]);
    const received = events.get("no timestamp")?.receivedAt;
    // One request, one receive time, so one skew for all its items.
    expect(new Set([...events.values()].map((event) => event.receivedAt))).toEqual(
      new Set([received]),
    );
    expect(events.get("five minutes before sending")?.occurredAt).toBe(
      (received ?? 0) - 5 * MINUTE,
    );
    expect(events.get("three hours ahead")?.occurredAt).toBe(received);
    expect(events.get("no timestamp")?.occurredAt).toBe(received);

    // A retry stores nothing new, so nothing of it is stored under an adjusted time.
    const retry = await post("/batch", { projectToken: token, sentAt, batch: [batch[1]] });
    expect(await retry.json()).toEqual({ accepted: 1, rejected: [], duplicate: [0] });
  });

  it("refuses the whole batch when the envelope's sentAt cannot be read", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const response = await post("/batch", {
      projectToken: token,
      sentAt: "when I sent it",
      batch: [{ type: "event", name: "x" }],
    });
    expect(response.status).toBe(400);
    expect(response.headers.get(REASON)).toMatch(/^sentAt must be an ISO 8601 date-time/);
    expect(await inlet.database.prisma.event.count({ where: { projectId } })).toBe(0);
  });
});

describe("lists by event time", () => {
  it("orders the dashboard's list and the read API by event time, filtered by batch", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const now = Date.now();
    // Arrival order differs from event order.
    for (const [name, hoursAgo] of [
      ["one hour ago", 1],
      ["three hours ago", 3],
      ["two hours ago", 2],
    ] as const) {
      const response = await post("/e", {
        projectToken: token,
        name,
        timestamp: now - hoursAgo * HOUR,
      });
      expect(response.status).toBe(200);
    }
    const batch = [
      { type: "event", name: "half an hour ago, in a batch", timestamp: now - 30 * MINUTE },
    ];
    expect((await post("/batch", { projectToken: token, batch })).status).toBe(200);

    const byEventTime = [
      "half an hour ago, in a batch",
      "one hour ago",
      "two hours ago",
      "three hours ago",
    ];
    const list = await client.event.list.query({ projectId });
    expect(list.events.map((event) => event.name)).toEqual(byEventTime);
    const first = list.events[0];
    expect(
      Date.parse(String(first?.receivedAt)) - Date.parse(String(first?.occurredAt)),
    ).toBeGreaterThanOrEqual(30 * MINUTE);
    expect(first?.batchId).toEqual(expect.any(String));
    const names = async (sentInBatch: boolean) =>
      (await client.event.list.query({ projectId, sentInBatch })).events.map((e) => e.name);
    expect(await names(true)).toEqual(byEventTime.slice(0, 1));
    expect(await names(false)).toEqual(byEventTime.slice(1));

    const { key } = await createTestKey(inlet.database, projectId);
    const api = async (query: string) => {
      const response = await apiGet(inlet.url, `/events${query}`, key);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        events: { name: string; occurredAt: string; receivedAt: string }[];
      };
      return body.events;
    };
    const events = await api("");
    expect(events.map((event) => event.name)).toEqual(byEventTime);
    expect(events[1]?.occurredAt).toBe(new Date(now - HOUR).toISOString());
    expect(events[1]?.receivedAt).not.toBe(events[1]?.occurredAt);
    expect((await api("?batch=true")).map((event) => event.name)).toEqual(byEventTime.slice(0, 1));
    const exported = await apiGet(inlet.url, "/events/export?format=ndjson&batch=false", key);
    const lines = (await exported.text()).trim().split("\n");
    expect(lines.map((line) => (JSON.parse(line) as { name: string }).name)).toEqual(
      byEventTime.slice(1),
    );
    expect((await apiGet(inlet.url, "/events?batch=yes", key)).status).toBe(400);
  });
});

describe("GET /openapi.json", () => {
  it("documents timestamp, sentAt, the future flag and the batch's timeAdjusted", async () => {
    const document = (await (await fetch(`${inlet.url}/openapi.json`)).json()) as {
      paths: Record<string, { post: { responses: { "200": { headers: object } } } }>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const { schemas } = document.components;
    expect(Object.keys(schemas["TrackEvent"]?.properties ?? {})).toContain("timestamp");
    expect(Object.keys(schemas["Event"]?.properties ?? {})).toContain("receivedAt");
    expect(Object.keys(schemas["SentAt"]?.properties ?? {})).toEqual(["sentAt"]);
    expect(Object.keys(schemas["BatchVerdicts"]?.properties ?? {})).toContain("timeAdjusted");
    expect(document.paths["/e"]?.post.responses["200"].headers).toHaveProperty(
      "X-Inlet-Time-Adjusted",
    );
    expect(document.paths["/i"]?.post.responses["200"].headers).not.toHaveProperty(
      "X-Inlet-Time-Adjusted",
    );
  });
});
