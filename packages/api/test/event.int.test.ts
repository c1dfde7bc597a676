// event.*: history filters (sent in batch included), cursor pagination over equal timestamps without gaps or duplicates, and one event's full record.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, openTestDatabase, type SignedIn, type TestDatabase } from "./caller.ts";
import { createTestProject, insertEvents, insertUser, type EventSpec } from "./test-data.ts";

const BASE = Date.parse("2030-01-01T10:00:00.000Z");
const BATCH_ID = randomUUID();

interface Stored extends EventSpec {
  id: string;
}

describe("event router", () => {
  let db: TestDatabase;
  let admin: SignedIn;
  let projectId: string;
  let otherProjectId: string;
  let secondTokenId: string;
  const stored: Stored[] = [];

  /** Ids in the order the API must return them: newest first, then by id descending. */
  const expectedOrder = (events: Stored[]) =>
    [...events]
      .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((event) => event.id);

  async function walkPages(filter: Record<string, unknown>, limit: number) {
    const ids: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await admin.caller.event.list({ projectId, ...filter, cursor, limit });
      ids.push(...result.events.map((event) => event.id));
      pageSizes.push(result.events.length);
      if (!result.nextCursor) return { ids, pageSizes };
      cursor = result.nextCursor;
    }
    throw new Error("pagination did not end");
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    admin = await createTestApi(db.database).signIn();
    const project = await createTestProject(db.database);
    projectId = project.projectId;
    otherProjectId = (await createTestProject(db.database)).projectId;
    secondTokenId = (await admin.caller.token.create({ projectId, label: "second" })).id;
    const alice = await insertUser(db.database, projectId, "alice");
    const bob = await insertUser(db.database, projectId, "bob");
    // 25 events: 10 at distinct times, then groups of 5, 6 and 4 sharing a timestamp each.
    const times = [
      ...Array.from({ length: 10 }, (_, i) => BASE + i * 60_000),
      ...Array.from({ length: 5 }, () => BASE + 30 * 60_000),
      ...Array.from({ length: 6 }, () => BASE + 31 * 60_000 + 123),
      ...Array.from({ length: 4 }, () => BASE + 5 * 60_000),
    ];
    const specs: EventSpec[] = times.map((at, i) => ({
      occurredAt: new Date(at),
      name: i % 3 === 0 ? "signup" : "page_view",
      userId: i % 4 === 0 ? alice.id : i % 4 === 1 ? bob.id : null,
      tokenId: i % 5 === 0 ? secondTokenId : project.tokenId,
      batchId: i % 3 === 2 ? BATCH_ID : null,
    }));
    const ids = await insertEvents(db.database, projectId, specs);
    specs.forEach((spec, i) => stored.push({ ...spec, id: ids[i] as string }));
    await insertEvents(db.database, otherProjectId, [{ occurredAt: new Date(BASE) }]);
  });
  afterAll(() => db.close());

  it("walks every page newest first, without gaps or duplicates", async () => {
    const { ids, pageSizes } = await walkPages({}, 10);
    expect(pageSizes).toEqual([10, 10, 5]);
    expect(new Set(ids).size).toBe(25);
    expect(ids).toEqual(expectedOrder(stored));
  });

  it("ends with nextCursor null when the last page is exactly full", async () => {
    const { ids, pageSizes } = await walkPages({}, 5);
    expect(pageSizes).toEqual([5, 5, 5, 5, 5]);
    expect(ids).toEqual(expectedOrder(stored));
  });

  it("filters by name, user identifier and token, also across pages", async () => {
    const byName = await walkPages({ name: "signup" }, 3);
    expect(byName.ids).toEqual(expectedOrder(stored.filter((e) => e.name === "signup")));
    const aliceId = (
      await db.database.prisma.user.findFirstOrThrow({
        where: { projectId, identifier: "alice" },
      })
    ).id;
    const byUser = await walkPages({ userIdentifier: "alice" }, 4);
    expect(byUser.ids).toEqual(expectedOrder(stored.filter((e) => e.userId === aliceId)));
    const byToken = await walkPages({ tokenId: secondTokenId }, 50);
    expect(byToken.ids).toEqual(expectedOrder(stored.filter((e) => e.tokenId === secondTokenId)));
    const nobody = await admin.caller.event.list({ projectId, userIdentifier: "nobody" });
    expect(nobody).toEqual({ events: [], nextCursor: null });
  });

  it("filters by whether events came in a batch, also across pages", async () => {
    const inBatch = await walkPages({ sentInBatch: true }, 3);
    expect(inBatch.ids).toEqual(expectedOrder(stored.filter((e) => e.batchId === BATCH_ID)));
    const single = await walkPages({ sentInBatch: false }, 4);
    expect(single.ids).toEqual(expectedOrder(stored.filter((e) => e.batchId === null)));
    expect(inBatch.ids.length).toBeGreaterThan(0);
    expect(single.ids.length).toBeGreaterThan(0);
  });

  it("filters by time: from inclusive, to exclusive", async () => {
    const from = new Date(BASE + 5 * 60_000);
    const to = new Date(BASE + 30 * 60_000);
    const inWindow = stored.filter((e) => e.occurredAt >= from && e.occurredAt < to);
    expect(inWindow.length).toBeGreaterThan(5);
    const result = await walkPages({ from, to }, 4);
    expect(result.ids).toEqual(expectedOrder(inWindow));
    const asStrings = await walkPages({ from: from.toISOString(), to: to.toISOString() }, 50);
    expect(asStrings.ids).toEqual(result.ids);
  });

  it("lists the fields the history shows, with the user", async () => {
    const { events } = await admin.caller.event.list({
      projectId,
      userIdentifier: "bob",
      limit: 1,
    });
    expect(Object.keys(events[0] ?? {}).sort()).toEqual(
      [
        "anonymousId",
        "batchId",
        "browser",
        "customData",
        "deviceType",
        "id",
        "name",
        "occurredAt",
        "os",
        "receivedAt",
        "url",
        "user",
      ].sort(),
    );
    expect(events[0]?.user).toMatchObject({ identifier: "bob", displayName: null });
  });

  it("refuses a forged cursor", async () => {
    const forged = Buffer.from("not a date|also not a uuid").toString("base64url");
    await expect(admin.caller.event.list({ projectId, cursor: forged })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("returns every stored field of one event, and NOT_FOUND from another project", async () => {
    const id = randomUUID();
    const user = await insertUser(db.database, projectId, `full-${id}`, "Full Record");
    const fields = {
      id,
      projectId,
      anonymousId: "anon-full",
      name: "checkout",
      url: "https://shop.example/cart?step=2",
      customData: { plan: "pro", amount: "42" },
      contextId: "ctx-1",
      userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
      browser: "Firefox",
      os: "Linux",
      deviceType: "desktop",
      referrer: "https://search.example/?q=shop",
      sdk: "web",
      sdkVersion: "0.6.1",
      idempotencyKey: `idem-${id}`,
      batchId: BATCH_ID,
      occurredAt: new Date(BASE + 90_000),
      receivedAt: new Date(BASE + 91_234),
    };
    await db.database.prisma.event.create({
      data: { ...fields, tokenId: secondTokenId, userId: user.id },
    });
    expect(await admin.caller.event.get({ projectId, eventId: id })).toEqual({
      ...fields,
      user: { id: user.id, identifier: `full-${id}`, displayName: "Full Record" },
      token: { id: secondTokenId, label: "second" },
    });
    await expect(
      admin.caller.event.get({ projectId: otherProjectId, eventId: id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      admin.caller.event.get({ projectId, eventId: randomUUID() }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
