// Dry runs of /e, /i and /u: the answer says what would be stored and why (user, rule, bot, client time), refusals are marked, nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { SENDERS } from "../../../test-support/identity-senders.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";
import { NOTHING, storedRows } from "./fixtures/stored-rows.ts";

const curl = SENDERS.curlBackend;

let inlet: TestInlet;
beforeAll(async () => {
  inlet = await startTestInlet();
});
afterAll(() => inlet.close());

const post = (path: string, body: unknown, headers: Record<string, string> = curl) =>
  postJson(inlet.url, path, body, headers);

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
    expect(await storedRows(inlet.database, projectId)).toEqual(NOTHING);
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
      changes: { properties: { set: { plan: "team" }, unset: [] } },
    });
    // What the user already has is no change: a CI check re-sending it sees an empty list.
    const sent = { projectToken: token, identifier: "bob", data: { set: { plan: "team" } } };
    expect((await post("/u", sent)).status).toBe(200);
    const again = await post("/u?dryRun=1", { ...sent, data: { set: { plan: "team", seats: 5 } } });
    expect(await again.json()).toMatchObject({
      changes: { properties: { set: { seats: 5 }, unset: [] } },
    });
    const same = await post("/i?dryRun=1", { projectToken: token, identifier: "bob" });
    expect(await same.json()).toHaveProperty("changes", {});
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
    expect(await storedRows(inlet.database, projectId)).toMatchObject({
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
    expect(await storedRows(inlet.database, projectId)).toEqual(NOTHING);
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
    expect(await storedRows(inlet.database, projectId)).toEqual(NOTHING);
  });
});
