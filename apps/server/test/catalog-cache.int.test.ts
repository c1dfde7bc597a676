// The per-process memory of catalogue names and keys, and the skipped rewrite of unchanged users, keep Live's "new" marks and each user's latest name exact across processes, restarts, deleted events and rolled-back batches.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInNewAdmin, type AdminClient } from "../../../test-support/admin-client.ts";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { subscribeLive } from "../../../test-support/live-subscription.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { spawnServer, type ServerProcess } from "../../../test-support/server-process.ts";
import { startTestInlet, testConfig, type TestInlet } from "../../../test-support/test-inlet.ts";

// On Postgres other processes share the database, each with a memory of its own.
const crossProcess = testDatabaseKind() === "postgres";

describe("catalogue memory and unchanged users across processes", () => {
  let inlet: TestInlet;
  let other: ServerProcess | undefined;
  let client: AdminClient;

  const spawnOther = () =>
    spawnServer({
      DATABASE_URL: inlet.database.postgresUrl ?? "",
      INGEST_RATE_LIMIT_PER_SECOND: "1000000",
    });
  const stopProcess = async (process: ServerProcess | undefined) => {
    process?.child.kill("SIGTERM");
    await process?.exited;
  };

  beforeAll(async () => {
    inlet = await startTestInlet({
      ingest: { ...testConfig().ingest, rateLimitPerSecond: 1e6, rateLimitBurst: 1e6 },
    });
    other = crossProcess ? await spawnOther() : undefined;
    client = await signInNewAdmin(inlet);
  }, 60_000);
  afterAll(async () => {
    await stopProcess(other);
    await inlet?.close();
  });

  it("marks each name and key new once, whichever process saw it first, also after its events are deleted", async () => {
    const project = await createTestProject(inlet.database);
    const live = subscribeLive(client, { projectId: project.projectId });
    await live.ready;
    const name = `order-${randomBytes(3).toString("hex")}`;
    const otherUrl = other?.url ?? inlet.url;
    const track = async (url: string, customData: object) => {
      const response = await postJson(url, "/e", { projectToken: project.token, name, customData });
      expect(response.status).toBe(200);
    };
    await track(inlet.url, { plan: "pro" }); // new name, new key; this process now knows both
    await track(otherUrl, { plan: "team" }); // the other process has never seen them: not new
    await track(otherUrl, { plan: "team", coupon: "X" }); // a key new to the project
    await track(inlet.url, { plan: "free", coupon: "Y" }); // known name, key unknown here: not new
    // The events go (as retention or a user deletion removes them); the catalogue stays,
    // so neither a process that remembers nor a fresh one marks them new again.
    await inlet.database.prisma.event.deleteMany({ where: { projectId: project.projectId } });
    await track(inlet.url, { plan: "pro", coupon: "Z" });
    let fresh: ServerProcess | undefined;
    if (crossProcess) {
      await stopProcess(other);
      fresh = other = await spawnOther();
    }
    await track(fresh?.url ?? inlet.url, { plan: "pro", coupon: "Z", seats: 3 });

    await expect.poll(() => live.items().length, { timeout: 5_000 }).toBe(6);
    live.stop();
    expect(live.items().map((item) => (item.kind === "accepted" ? item.novel : null))).toEqual([
      { name: true, keys: ["plan"] },
      { name: false, keys: [] },
      { name: false, keys: ["coupon"] },
      { name: false, keys: [] },
      { name: false, keys: [] },
      { name: false, keys: ["seats"] },
    ]);
    const keys = await inlet.database.prisma.catalogPropertyKey.findMany({
      where: { projectId: project.projectId, name },
      select: { key: true },
      orderBy: { key: "asc" },
    });
    expect(keys.map((row) => row.key)).toEqual(["coupon", "plan", "seats"]);
  }, 60_000);

  it("does not remember the names of a batch that rolled back", async () => {
    const project = await createTestProject(inlet.database);
    const poison = `poison_${randomBytes(4).toString("hex")}`;
    await inlet.database.prisma.$executeRawUnsafe(`
      CREATE FUNCTION ${poison}() RETURNS trigger AS $$
      BEGIN
        IF NEW.custom_data ? '${poison}' THEN RAISE EXCEPTION 'refused by test'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await inlet.database.prisma.$executeRawUnsafe(
      `CREATE TRIGGER ${poison} BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION ${poison}()`,
    );
    const live = subscribeLive(client, { projectId: project.projectId });
    await live.ready;
    const name = `refund-${randomBytes(3).toString("hex")}`;
    const event = (customData: object) => ({ type: "event", name, customData });
    const failed = await postJson(inlet.url, "/batch", {
      projectToken: project.token,
      batch: [event({ reason: "late" }), event({ [poison]: 1 })],
    });
    expect(failed.status).toBe(503);
    const stored = await postJson(inlet.url, "/batch", {
      projectToken: project.token,
      batch: [event({ reason: "late" })],
    });
    expect(stored.status).toBe(200);

    await expect.poll(() => live.items().some((item) => item.kind === "accepted")).toBe(true);
    live.stop();
    const accepted = live.items().filter((item) => item.kind === "accepted");
    expect(accepted.map((item) => item.novel)).toEqual([{ name: true, keys: ["reason"] }]);
  }, 30_000);

  it("keeps a user's latest name when processes alternate, rewriting the row only on a change", async () => {
    const project = await createTestProject(inlet.database);
    const identifier = `user-${randomBytes(3).toString("hex")}`;
    const urls = [inlet.url, other?.url ?? inlet.url];
    const row = () =>
      inlet.database.prisma.user.findUniqueOrThrow({
        where: { projectId_identifier: { projectId: project.projectId, identifier } },
        select: { displayName: true, properties: true, updatedAt: true },
      });
    // Sequential, alternating processes: A, B, A must leave A, whatever either remembers.
    for (const [i, displayName] of ["Ada", "Bea", "Ada", "Ada"].entries()) {
      const response = await postJson(urls[i % 2] as string, "/e", {
        projectToken: project.token,
        name: "visit",
        identifier,
        displayName,
      });
      expect(response.status).toBe(200);
      expect((await row()).displayName).toBe(displayName);
    }
    // Properties set elsewhere survive events that only name the user.
    const updated = await postJson(urls[1] as string, "/u", {
      projectToken: project.token,
      identifier,
      data: { set: { plan: "pro" } },
    });
    expect(updated.status).toBe(200);
    const before = await row();
    const unchanged = await postJson(urls[0] as string, "/e", {
      projectToken: project.token,
      name: "visit",
      identifier,
      displayName: "Ada",
    });
    expect(unchanged.status).toBe(200);
    const after = await row();
    expect(after).toEqual({ ...before, properties: { plan: "pro" } });
    // Every event is stored under the user.
    const events = await inlet.database.prisma.event.count({
      where: { projectId: project.projectId, user: { identifier } },
    });
    expect(events).toBe(5);
  }, 30_000);
});
