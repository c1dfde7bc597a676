// project.setRetention (validation, audit) and expireEvents: events past retention by receive time go, whole partitions where every row expired, batch by batch otherwise; newer events, other projects and users stay.
import { randomUUID } from "node:crypto";
import { expireEvents, type ExpiryOptions } from "@inlet/api";
import { ensureMonthPartitions, listMonthPartitions } from "@inlet/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  errorCode,
  openTestDatabase,
  TestClock,
  type SignedIn,
  type TestApi,
  type TestDatabase,
} from "./caller.ts";
import { createTestProject, insertUser } from "./test-data.ts";

const DAY_MS = 24 * 3600 * 1000;

describe("event retention", () => {
  let db: TestDatabase;
  let api: TestApi;
  let admin: SignedIn;
  const clock = new TestClock(Date.parse("2031-07-01T12:00:00.000Z"));
  const daysAgo = (days: number) => new Date(clock.nowMs() - days * DAY_MS);

  /** Inserts events received `receivedDaysAgo`, with an event time that says otherwise. */
  async function insertReceived(projectId: string, receivedDaysAgo: number[], userId?: string) {
    const rows = receivedDaysAgo.map((days, index) => ({
      id: randomUUID(),
      projectId,
      userId: userId ?? null,
      name: `received ${days} days ago #${index}`,
      anonymousId: "anon-retention",
      // Clocks lie: retention goes by when Inlet received an event, not when it claims it happened.
      occurredAt: daysAgo(days > 10 ? 0 : 400),
      receivedAt: daysAgo(days),
    }));
    await db.database.prisma.event.createMany({ data: rows });
    return rows.map((row) => row.id);
  }

  const eventNames = async (projectId: string) =>
    (
      await db.database.prisma.event.findMany({
        where: { projectId },
        select: { name: true },
        orderBy: { name: "asc" },
      })
    ).map((event) => event.name);

  const quickly = (batchSize = 5000): ExpiryOptions & { pauses: number[] } => {
    const pauses: number[] = [];
    return {
      batchSize,
      pauses,
      stopped: () => false,
      pause: async (lastBatchMs) => {
        pauses.push(lastBatchMs);
      },
    };
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    api = createTestApi(db.database, { clock });
    admin = await api.signIn();
  });
  afterAll(() => db.close());

  it("keeps events forever by default and audits each change of the setting", async () => {
    const { projectId } = await createTestProject(db.database, "retention audited");
    expect(await admin.caller.project.get({ projectId })).toMatchObject({ retentionDays: null });

    await expect(
      admin.caller.project.setRetention({ projectId, retentionDays: 30 }),
    ).resolves.toEqual({ retentionDays: 30 });
    // Entries are ordered by the (test) clock.
    clock.advance(1000);
    await admin.caller.project.setRetention({ projectId, retentionDays: null });
    clock.advance(-1000);
    expect(await admin.caller.project.get({ projectId })).toMatchObject({ retentionDays: null });

    const entries = await db.database.prisma.auditEntry.findMany({
      where: { action: "project.retention", targetId: projectId },
      select: { actorEmail: true, summary: true, details: true },
      orderBy: { at: "asc" },
    });
    expect(entries).toEqual([
      {
        actorEmail: admin.email,
        summary: 'set the event retention of project "retention audited" to 30 days',
        details: { from: null, to: 30 },
      },
      {
        actorEmail: admin.email,
        summary: 'set the event retention of project "retention audited" to keep forever',
        details: { from: 30, to: null },
      },
    ]);
    // Owners find the changes under their own action in the audit log.
    const { entries: listed } = await admin.caller.audit.list({ actions: ["project.retention"] });
    expect(listed.filter((entry) => entry.targetId === projectId)).toHaveLength(2);
  });

  it("refuses retentions outside 1..3650 whole days and unknown projects, changing nothing", async () => {
    const { projectId } = await createTestProject(db.database);
    for (const retentionDays of [0, -1, 3651, 1.5, "30", undefined, Number.NaN]) {
      const call = admin.caller.project.setRetention({
        projectId,
        retentionDays: retentionDays as number,
      });
      expect(await errorCode(call), String(retentionDays)).toBe("BAD_REQUEST");
    }
    for (const retentionDays of [1, 3650]) {
      await expect(
        admin.caller.project.setRetention({ projectId, retentionDays }),
      ).resolves.toEqual({ retentionDays });
    }
    expect(
      await errorCode(
        admin.caller.project.setRetention({ projectId: randomUUID(), retentionDays: 7 }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await db.database.prisma.auditEntry.count({
        where: { action: "project.retention", targetId: projectId },
      }),
    ).toBe(2);
  });

  it("deletes events received before the retention, in batches, and leaves the rest", async () => {
    const short = await createTestProject(db.database);
    const long = await createTestProject(db.database);
    const forever = await createTestProject(db.database);
    await admin.caller.project.setRetention({ projectId: short.projectId, retentionDays: 7 });
    await admin.caller.project.setRetention({ projectId: long.projectId, retentionDays: 90 });
    const user = await insertUser(db.database, short.projectId, "kept-user", "Kept", {
      plan: "pro",
    });
    await insertReceived(short.projectId, [8, 8, 8, 30, 30, 400], user.id);
    await insertReceived(short.projectId, [6.9, 1, 0]);
    await insertReceived(long.projectId, [8, 89, 91]);
    await insertReceived(forever.projectId, [400, 8]);

    const options = quickly(2);
    const report = await expireEvents(db.database.prisma, clock.now(), options);

    expect(report.busy).toBe(false);
    expect(report.deleted).toBeGreaterThanOrEqual(7);
    // Six expired rows of one project in batches of two: three full batches, each followed
    // by a pause, then one that finds nothing.
    expect(options.pauses.length).toBeGreaterThanOrEqual(3);
    expect(await eventNames(short.projectId)).toEqual([
      "received 0 days ago #2",
      "received 1 days ago #1",
      "received 6.9 days ago #0",
    ]);
    expect(await eventNames(long.projectId)).toEqual([
      "received 8 days ago #0",
      "received 89 days ago #1",
    ]);
    expect(await eventNames(forever.projectId)).toHaveLength(2);
    // The user lost every event but keeps its identity and properties.
    expect(
      await db.database.prisma.user.findUnique({
        where: { id: user.id },
        select: { identifier: true, displayName: true, properties: true },
      }),
    ).toEqual({ identifier: "kept-user", displayName: "Kept", properties: { plan: "pro" } });

    clock.advance(2 * DAY_MS);
    await expireEvents(db.database.prisma, clock.now(), quickly());
    expect(await eventNames(short.projectId)).toEqual([
      "received 0 days ago #2",
      "received 1 days ago #1",
    ]);
    clock.advance(-2 * DAY_MS);
  });

  it("drops a month's partition when every row in it expired, and deletes the rest by batch", async () => {
    const expiring = await createTestProject(db.database);
    const forever = await createTestProject(db.database);
    await admin.caller.project.setRetention({ projectId: expiring.projectId, retentionDays: 30 });
    // Months no other test writes to; the test clock is in July 2031.
    await ensureMonthPartitions(
      db.database.prisma,
      new Date("2029-01-01T00:00:00Z"),
      new Date("2029-03-01T00:00:00Z"),
    );
    const user = await insertUser(db.database, expiring.projectId, "dropped-user", "D", {
      plan: "team",
    });
    const at = (iso: string) => new Date(iso);
    await db.database.prisma.event.createMany({
      data: [
        ["2029-01-10", expiring.projectId, user.id],
        ["2029-01-20", expiring.projectId, user.id],
        ["2029-02-10", expiring.projectId, null],
        ["2029-02-11", forever.projectId, null],
      ].map(([day, projectId, userId]) => ({
        projectId: projectId as string,
        userId: userId ?? null,
        anonymousId: "partitioned",
        name: `received ${day}`,
        occurredAt: at(`${day}T00:00:00Z`),
        receivedAt: at(`${day}T00:00:00Z`),
      })),
    });

    const report = await expireEvents(db.database.prisma, clock.now(), quickly());

    // January held only expired rows; March none at all; February a kept project's row.
    expect(report.dropped).toEqual(expect.arrayContaining(["events_p2029_01", "events_p2029_03"]));
    expect(report.dropped).not.toContain("events_p2029_02");
    const left = (await listMonthPartitions(db.database.prisma)).map((p) => p.name);
    expect(left).toContain("events_p2029_02");
    expect(left).not.toContain("events_p2029_01");
    expect(await eventNames(expiring.projectId)).toEqual([]);
    expect(await eventNames(forever.projectId)).toEqual(["received 2029-02-11"]);
    expect(
      await db.database.prisma.user.findUnique({
        where: { id: user.id },
        select: { properties: true },
      }),
    ).toEqual({ properties: { plan: "team" } });
  });

  it("stops between batches when told to", async () => {
    const { projectId } = await createTestProject(db.database);
    await admin.caller.project.setRetention({ projectId, retentionDays: 1 });
    await insertReceived(projectId, [5, 5, 5, 5, 5]);
    let batches = 0;
    const report = await expireEvents(db.database.prisma, clock.now(), {
      batchSize: 2,
      pause: async () => {
        batches += 1;
      },
      stopped: () => batches >= 1,
    });
    expect(report).toMatchObject({ deleted: 2, busy: false });
    expect(await eventNames(projectId)).toHaveLength(3);
    await admin.caller.project.setRetention({ projectId, retentionDays: null });
  });

  it("leaves the work to the process holding the retention lock", async (context) => {
    // PGlite is opened by one process only, and its single connection cannot hold the lock
    // in one transaction while another waits for it.
    if (db.database.kind !== "postgres") context.skip();
    const { projectId } = await createTestProject(db.database);
    await admin.caller.project.setRetention({ projectId, retentionDays: 1 });
    await insertReceived(projectId, [5, 5]);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.database.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(7315202614::bigint)`;
      locked();
      await released;
    });
    await isLocked;
    const report = await expireEvents(db.database.prisma, clock.now(), quickly());
    release();
    await holder;
    expect(report).toMatchObject({ deleted: 0, busy: true });
    expect(await eventNames(projectId)).toHaveLength(2);

    await expireEvents(db.database.prisma, clock.now(), quickly());
    expect(await eventNames(projectId)).toHaveLength(0);
  });
});
