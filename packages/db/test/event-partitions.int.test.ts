// Monthly event partitions: created ahead at open, rows the default partition caught move into their month's partition, event-time queries with the implied receive-time bound read only the partitions that can match, and every partition has the index of unadopted visitor events.
import { randomUUID } from "node:crypto";
import { receivedAtBounds } from "@inlet/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseSettings } from "../../../test-support/test-inlet.ts";
import {
  ensureMonthPartitions,
  listMonthPartitions,
  monthPartition,
  openDatabase,
  type Database,
} from "../src/index.ts";

describe("event partitions", () => {
  const settings = testDatabaseSettings();
  let database: Database;
  let projectId: string;

  const partitionOf = async (id: string) => {
    const [row] = await database.prisma.$queryRaw<{ partition: string }[]>`
      SELECT tableoid::regclass::text AS partition FROM events WHERE id = ${id}::uuid`;
    return row?.partition;
  };

  const insertReceived = async (receivedAt: Date, occurredAt = receivedAt) => {
    const id = randomUUID();
    await database.prisma.event.create({
      data: { id, projectId, anonymousId: "a", name: "probe", occurredAt, receivedAt },
      select: { id: true },
    });
    return id;
  };

  beforeAll(async () => {
    database = await openDatabase(settings);
    const project = await database.prisma.project.create({
      data: { name: "partitions" },
      select: { id: true },
    });
    projectId = project.id;
  });
  afterAll(async () => {
    await database.close();
    settings.cleanup();
  });

  it("has this month's partition and the next two from the start, and stores new events there", async () => {
    const now = new Date();
    const names = (await listMonthPartitions(database.prisma)).map((p) => p.name);
    const ahead = [0, 1, 2].map(
      (months) =>
        monthPartition(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1)))
          .name,
    );
    expect(names).toEqual(expect.arrayContaining(ahead));
    expect(await partitionOf(await insertReceived(now))).toBe(monthPartition(now).name);
  });

  it("moves what the default partition caught into the month's partition when it is made", async () => {
    const at = new Date("2041-03-15T12:00:00Z");
    const caught = await insertReceived(at);
    expect(await partitionOf(caught)).toBe("events_default");

    const created = await ensureMonthPartitions(database.prisma, at, at);
    expect(created).toEqual(["events_p2041_03"]);
    expect(await partitionOf(caught)).toBe("events_p2041_03");
    // Made once: a second call finds it.
    expect(await ensureMonthPartitions(database.prisma, at, at)).toEqual([]);
  });

  it("reads only the partitions an event-time range can be in", async () => {
    await ensureMonthPartitions(
      database.prisma,
      new Date("2040-01-01T00:00:00Z"),
      new Date("2040-12-01T00:00:00Z"),
    );
    // An event stamped an hour ahead of its receipt, on a month boundary: still found.
    const early = await insertReceived(
      new Date("2040-05-31T23:30:00Z"),
      new Date("2040-06-01T00:29:00Z"),
    );
    const from = new Date("2040-06-01T00:00:00Z");
    const to = new Date("2040-06-08T00:00:00Z");
    const received = receivedAtBounds({ from, to });
    const query = `FROM events WHERE project_id = $1::uuid
        AND occurred_at >= $2::timestamptz AND occurred_at < $3::timestamptz
        AND received_at >= $4::timestamptz AND received_at < $5::timestamptz`;
    const parameters = [
      projectId,
      from.toISOString(),
      to.toISOString(),
      received.gte?.toISOString(),
      received.lt?.toISOString(),
    ];
    const found = await database.prisma.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id::text AS id ${query} ORDER BY occurred_at DESC, id DESC LIMIT 50`,
      ...parameters,
    );
    expect(found.map((row) => row.id)).toEqual([early]);

    const plan = await database.prisma.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `EXPLAIN SELECT id ${query} ORDER BY occurred_at DESC, id DESC LIMIT 50`,
      ...parameters,
    );
    const scanned = new Set(
      plan.flatMap((line) =>
        [...line["QUERY PLAN"].matchAll(/ on (events_\w+)/g)].map((m) => m[1]),
      ),
    );
    // May 2040 (the hour before June) onward, up to the horizon: never the years before.
    expect(scanned).toContain("events_p2040_05");
    expect(scanned).toContain("events_p2040_06");
    expect([...scanned].filter((name) => /events_p(19|20[0-3])/.test(name ?? ""))).toEqual([]);
    expect(scanned).not.toContain("events_p2040_04");
  });

  it("gives every partition, one made later too, the index of events without a user", async () => {
    await ensureMonthPartitions(
      database.prisma,
      new Date("2043-02-01T00:00:00Z"),
      new Date("2043-02-01T00:00:00Z"),
    );
    const partitions = await database.prisma.$queryRaw<{ name: string }[]>`
      SELECT c.relname::text AS name FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'events' AND p.relnamespace = current_schema()::regnamespace`;
    const indexed = await database.prisma.$queryRaw<{ name: string; definition: string }[]>`
      SELECT t.relname::text AS name, pg_get_indexdef(x.indexrelid) AS definition
      FROM pg_inherits i JOIN pg_class parent ON parent.oid = i.inhparent
      JOIN pg_index x ON x.indexrelid = i.inhrelid JOIN pg_class t ON t.oid = x.indrelid
      WHERE parent.relname = 'events_unadopted_visitor_idx'`;
    expect(partitions.map((p) => p.name)).toContain("events_p2043_02");
    expect(partitions.map((p) => p.name)).toContain("events_default");
    expect(indexed.map((i) => i.name).sort()).toEqual(partitions.map((p) => p.name).sort());
    for (const { definition } of indexed)
      expect(definition).toMatch(/\(project_id, anonymous_id\) WHERE \(user_id IS NULL\)$/);

    // The identify's adoption reads it (sequential scans off: the table is tiny here).
    const plan = await database.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      return tx.$queryRaw<{ "QUERY PLAN": string }[]>`
        EXPLAIN UPDATE events SET user_id = NULL
        WHERE project_id = ${projectId}::uuid AND anonymous_id = 'a' AND user_id IS NULL`;
    });
    const lines = plan.map((line) => line["QUERY PLAN"]).join("\n");
    expect(lines).toMatch(/events_p\d{4}_\d{2}_project_id_anonymous_id_idx/);
    expect(lines).not.toMatch(/Seq Scan/);
  });
});
