// The deletion service and worker: batches that resume after a restart, one process per deletion at a time (SKIP LOCKED), and Live histories forgetting the user on every process.
import { randomBytes, randomUUID } from "node:crypto";
import { LiveFeed, requestUserDeletion, runDeletionStep, userDeletionStatus } from "@inlet/api";
import { openDatabase, type Database, type LiveItem } from "@inlet/db";
import { afterEach, describe, expect, it } from "vitest";
import { createFreshPostgresDatabase, testDatabaseKind } from "../../../test-support/postgres.ts";
import { tablesMentioning } from "../../../test-support/table-scan.ts";
import { testDatabaseSettings } from "../../../test-support/test-inlet.ts";
import { createTestProject, insertEvents, insertUser } from "./test-data.ts";

const ACTOR = { id: null, email: "cli" };
const opened: Database[] = [];
let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

/**
 * A database of this test's own: the worker takes any unfinished deletion, so one left
 * by another test must not be the one it takes.
 */
async function freshSettings() {
  if (testDatabaseKind() === "pglite") {
    const settings = testDatabaseSettings();
    cleanups.push(() => settings.cleanup());
    return settings;
  }
  const fresh = await createFreshPostgresDatabase("deletion");
  cleanups.push(() => fresh.drop());
  return { databaseUrl: fresh.url, dataDir: "unused" };
}

async function open(settings: { databaseUrl: string | undefined; dataDir: string }) {
  const database = await openDatabase(settings);
  opened.push(database);
  return database;
}

/** A user with `count` events, one of them naming them in its custom data. */
async function userWithEvents(database: Database, count: number) {
  const { projectId } = await createTestProject(database);
  const identifier = `user-${randomBytes(5).toString("hex")}@example.com`;
  const user = await insertUser(database, projectId, identifier, "Ada", { plan: "pro" });
  const occurredAt = new Date();
  await insertEvents(
    database,
    projectId,
    Array.from({ length: count }, () => ({ occurredAt, userId: user.id })),
  );
  await insertEvents(database, projectId, [
    { occurredAt, customData: { invitedBy: identifier } },
    { occurredAt, customData: { invitedBy: "someone else" } },
  ]);
  return { projectId, identifier, userId: user.id };
}

const noLive = { forgetUser: () => undefined };

async function deleteUser(database: Database, projectId: string, identifier: string) {
  const request = await requestUserDeletion(
    { prisma: database.prisma, live: noLive, now: () => new Date() },
    { projectId, identifier, actor: ACTOR, ipAddress: null },
  );
  if (!request.found) throw new Error("user not found");
  return request.deletionId;
}

describe("the deletion worker", () => {
  it("deletes in batches and resumes after a restart where the last batch ended", async () => {
    const settings = await freshSettings();
    const first = await open(settings);
    const { projectId, identifier, userId } = await userWithEvents(first, 250);
    const deletionId = await deleteUser(first, projectId, identifier);
    expect(await runDeletionStep(first.prisma, { batchSize: 100, settleMs: 0 })).toBe(true);
    expect(await runDeletionStep(first.prisma, { batchSize: 100, settleMs: 0 })).toBe(true);
    expect(await userDeletionStatus(first.prisma, deletionId)).toMatchObject({
      phase: "user_events",
      eventsTotal: 250,
      eventsDeleted: 200,
    });
    await first.close();
    opened.splice(opened.indexOf(first), 1);

    const restarted = await open(settings);
    let steps = 0;
    while (await runDeletionStep(restarted.prisma, { batchSize: 100, scanSize: 1, settleMs: 0 }))
      steps += 1;
    // 50 events, one empty batch, a scan of three events one by one, the end of the scan, the finish.
    expect(steps).toBeGreaterThanOrEqual(5);
    expect(await userDeletionStatus(restarted.prisma, deletionId)).toMatchObject({
      phase: "done",
      done: true,
      eventsDeleted: 251,
    });
    expect(await restarted.prisma.event.count({ where: { projectId } })).toBe(1);
    expect(await tablesMentioning(restarted, identifier)).toEqual({});
    expect(await tablesMentioning(restarted, userId)).toEqual({});
  });

  it("waits for late writes before its last step", async () => {
    const settings = await freshSettings();
    const database = await open(settings);
    const { projectId, identifier } = await userWithEvents(database, 3);
    const deletionId = await deleteUser(database, projectId, identifier);
    while (await runDeletionStep(database.prisma, { settleMs: 60_000 }));
    expect((await userDeletionStatus(database.prisma, deletionId))?.phase).toBe("finishing");
    // An event that raced the suppression recreated the user: the deletion starts a new round.
    const raced = await insertUser(database, projectId, identifier);
    await insertEvents(database, projectId, [{ occurredAt: new Date(), userId: raced.id }]);
    while (await runDeletionStep(database.prisma, { settleMs: 0 }));
    expect((await userDeletionStatus(database.prisma, deletionId))?.phase).toBe("done");
    expect(await tablesMentioning(database, identifier)).toEqual({});
    expect(await tablesMentioning(database, raced.id)).toEqual({});
  });

  it.runIf(testDatabaseKind() === "postgres")(
    "leaves a deletion another process is working on to that process",
    async () => {
      const settings = await freshSettings();
      const [one, two] = [await open(settings), await open(settings)];
      if (!one || !two) throw new Error("not opened");
      const a = await userWithEvents(one, 20);
      const b = await userWithEvents(one, 20);
      const first = await deleteUser(one, a.projectId, a.identifier);
      const second = await deleteUser(one, b.projectId, b.identifier);
      await one.prisma.$transaction(async (tx) => {
        // Process one holds the first deletion's row, as during one of its batches.
        await tx.$queryRaw`SELECT id FROM user_deletions WHERE id = ${first}::uuid FOR UPDATE`;
        expect(await runDeletionStep(two.prisma, { batchSize: 5 })).toBe(true);
      });
      expect((await userDeletionStatus(one.prisma, first))?.eventsDeleted).toBe(0);
      expect((await userDeletionStatus(one.prisma, second))?.eventsDeleted).toBe(5);
    },
  );
});

function item(projectId: string, user: string | null, anonymousId = "anon"): LiveItem {
  const id = randomUUID();
  return {
    itemId: id,
    kind: "accepted",
    projectId,
    eventId: id,
    name: user ?? "anonymous",
    url: null,
    userIdentifier: user,
    anonymousId,
    customData: null,
    at: new Date().toISOString(),
  };
}

/** The names a newly opened Live stream shows first. */
async function openingNames(feed: LiveFeed, projectId: string, bus: Database["live"]) {
  const controller = new AbortController();
  const marker = item(projectId, "end-of-history");
  const names: string[] = [];
  setTimeout(() => bus.publish(marker), 50);
  stream: for await (const entry of feed.stream({ projectId }, { signal: controller.signal })) {
    if (entry.type !== "items") continue;
    for (const { item } of entry.items) {
      if (item.itemId === marker.itemId) break stream;
      // Markers of earlier calls are in the history too.
      if (item.userIdentifier !== "end-of-history") names.push(item.name ?? "");
    }
  }
  controller.abort();
  return names;
}

describe("Live after a deletion", () => {
  it("forgets the user's items, and their visitors' unnamed ones, on every process", async () => {
    const settings = await freshSettings();
    const one = await open(settings);
    // On Postgres a second connection stands for another process with its own history.
    const two = testDatabaseKind() === "postgres" ? await open(settings) : one;
    const feeds = [new LiveFeed(one.live), new LiveFeed(two.live)];
    const { projectId, identifier, userId } = await userWithEvents(one, 1);
    await one.prisma.anonymousLink.create({
      data: { projectId, anonymousId: "her-visitor", userId },
    });
    for (const published of [
      item(projectId, identifier),
      item(projectId, null, "her-visitor"),
      item(projectId, "bob"),
      item(projectId, null, "another-visitor"),
    ])
      one.live.publish(published);
    await one.live.settled();
    await expect
      .poll(() => openingNames(feeds[1] as LiveFeed, projectId, two.live))
      .toHaveLength(4);

    await requestUserDeletion(
      { prisma: one.prisma, live: feeds[0] as LiveFeed, now: () => new Date() },
      { projectId, identifier, actor: ACTOR, ipAddress: null },
    );
    for (const [feed, database] of [
      [feeds[0], one],
      [feeds[1], two],
    ] as const)
      await expect
        .poll(() => openingNames(feed as LiveFeed, projectId, database.live))
        .toEqual(["bob", "anonymous"]);
    for (const feed of feeds) feed.close();
  });
});
