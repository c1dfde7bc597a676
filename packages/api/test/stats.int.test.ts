// stats.eventsPerMinute: sixty one-minute buckets ending with the current minute, read from the per-minute counters (not the events); stats.replication without a replica.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  openTestDatabase,
  TestClock,
  type SignedIn,
  type TestDatabase,
} from "./caller.ts";
import { countEvents, createTestProject } from "./test-data.ts";

const at = (iso: string) => new Date(iso);

describe("stats router", () => {
  let db: TestDatabase;
  let admin: SignedIn;
  const clock = new TestClock(at("2032-02-03T04:05:30.500Z"));

  beforeAll(async () => {
    db = await openTestDatabase();
    admin = await createTestApi(db.database, { clock }).signIn();
  });
  afterAll(() => db.close());

  it("reads the last hour's counters per minute, oldest first, empty minutes as zero", async () => {
    const { projectId } = await createTestProject(db.database);
    const other = await createTestProject(db.database);
    const times = [
      "2032-02-03T03:05:59.999Z", // just before the window
      "2032-02-03T03:06:00.000Z", // first bucket
      "2032-02-03T03:06:59.999Z",
      "2032-02-03T03:30:15.000Z",
      "2032-02-03T04:04:59.999Z", // the previous minute
      "2032-02-03T04:05:00.000Z", // the current minute
      "2032-02-03T04:05:29.000Z",
    ];
    // Two names in one minute add up; no event row exists, so only the counters can answer.
    await countEvents(db.database, projectId, times.slice(0, 6).map(at));
    await countEvents(db.database, projectId, times.slice(6).map(at), "signup");
    await countEvents(db.database, other.projectId, [at("2032-02-03T04:05:01Z")]);

    const buckets = await admin.caller.stats.eventsPerMinute({ projectId });
    expect(buckets).toHaveLength(60);
    expect(buckets[0]?.minute).toEqual(at("2032-02-03T03:06:00.000Z"));
    expect(buckets[59]?.minute).toEqual(at("2032-02-03T04:05:00.000Z"));
    buckets.forEach((bucket, index) => {
      expect(bucket.minute.getTime()).toBe(at("2032-02-03T03:06:00Z").getTime() + index * 60_000);
    });
    const nonZero = Object.fromEntries(
      buckets.filter((b) => b.count > 0).map((b) => [b.minute.toISOString(), b.count]),
    );
    expect(nonZero).toEqual({
      "2032-02-03T03:06:00.000Z": 2,
      "2032-02-03T03:30:00.000Z": 1,
      "2032-02-03T04:04:00.000Z": 1,
      "2032-02-03T04:05:00.000Z": 2,
    });

    // A minute later the window slides: the first bucket drops out, a new empty one appears.
    clock.advance(60_000);
    const later = await admin.caller.stats.eventsPerMinute({ projectId });
    expect(later[0]).toEqual({ minute: at("2032-02-03T03:07:00.000Z"), count: 0 });
    expect(later[58]).toEqual({ minute: at("2032-02-03T04:05:00.000Z"), count: 2 });
    expect(later[59]).toEqual({ minute: at("2032-02-03T04:06:00.000Z"), count: 0 });
  });

  it("answers sixty zero buckets for a project without events", async () => {
    const { projectId } = await createTestProject(db.database);
    const buckets = await admin.caller.stats.eventsPerMinute({ projectId });
    expect(buckets).toHaveLength(60);
    expect(buckets.every((bucket) => bucket.count === 0)).toBe(true);
  });

  it("reports no replication lag when no read replica is configured", async () => {
    expect(await admin.caller.stats.replication()).toEqual({ lagSeconds: null });
  });
});
