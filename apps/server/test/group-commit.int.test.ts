// Group commit against a real database: every request lands once, a failed batch fails only its own requests, the queue is bounded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { installSaboteur } from "../../../test-support/saboteur.ts";
import { startTestInlet, testConfig, type TestInlet } from "../../../test-support/test-inlet.ts";

const ingest = (overrides: Partial<ReturnType<typeof testConfig>["ingest"]>) => ({
  ingest: { ...testConfig().ingest, rateLimitPerSecond: 1e6, rateLimitBurst: 1e6, ...overrides },
});

describe("group commit", () => {
  let inlet: TestInlet;
  beforeAll(async () => {
    inlet = await startTestInlet(ingest({ batchMax: 50, batchDelayMs: 5 }));
  });
  afterAll(() => inlet.close());

  it("stores each of many concurrent requests exactly once", async () => {
    const project = await createTestProject(inlet.database);
    const names = Array.from({ length: 400 }, (_, i) => `concurrent-${i}`);
    const responses = await Promise.all(
      names.map((name, i) =>
        postJson(inlet.url, "/e", {
          projectToken: project.token,
          name,
          identifier: `user-${i % 7}`,
          userData: { set: { [name]: i } },
        }),
      ),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    const stored = await inlet.database.prisma.event.findMany({
      where: { projectId: project.projectId },
      select: { name: true, user: { select: { identifier: true } } },
    });
    expect(stored.map((event) => event.name).sort()).toEqual([...names].sort());
    expect(stored.every((event) => event.user !== null)).toBe(true);
    const users = await inlet.database.prisma.user.findMany({
      where: { projectId: project.projectId },
      select: { properties: true },
    });
    expect(users).toHaveLength(7);
    expect(users.flatMap((user) => Object.keys(user.properties as object)).sort()).toEqual(
      [...names].sort(),
    );
  });

  // PGlite's pg_sleep does not hold a commit open, so the slow batch needs real Postgres;
  // the queue bound and per-batch failure are also unit-tested in group-commit.test.ts.
  describe.runIf(testDatabaseKind() === "postgres")(
    "with one commit slot held by a slow batch",
    () => {
      let server: TestInlet;
      let saboteur: Awaited<ReturnType<typeof installSaboteur>>;
      beforeAll(async () => {
        server = await startTestInlet({
          databaseUrl: inlet.database.postgresUrl ?? undefined,
          ...ingest({ batchMax: 1_000, batchDelayMs: 5, batchesInFlight: 1, queueMax: 5 }),
        });
        saboteur = await installSaboteur(server.database, {
          table: "events",
          column: "name",
          on: "INSERT",
        });
      });
      afterAll(async () => {
        await saboteur.remove();
        await server.close();
      });

      /** Sends the slow event, then `names` while it commits, so they queue for one batch. */
      async function sendBehindSlowBatch(token: string, names: string[]) {
        const send = (name: string) => postJson(server.url, "/e", { projectToken: token, name });
        const slow = send(saboteur.slow);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const queued = await Promise.all(names.map(send));
        return { slow: await slow, queued };
      }

      it("answers 503 to every request of a failed batch and stores none of it", async () => {
        const project = await createTestProject(server.database);
        const { slow, queued } = await sendBehindSlowBatch(project.token, [
          "a",
          "b",
          saboteur.poison,
          "c",
        ]);
        expect(slow.status).toBe(200);
        expect(queued.map((response) => response.status)).toEqual([503, 503, 503, 503]);
        expect(queued[0]?.headers.get("retry-after")).toBe("1");
        expect(
          (await postJson(server.url, "/e", { projectToken: project.token, name: "after" })).status,
        ).toBe(200);
        const stored = await server.database.prisma.event.findMany({
          where: { projectId: project.projectId },
          select: { name: true },
        });
        expect(stored.map((event) => event.name).sort()).toEqual(["after", saboteur.slow].sort());
      });

      it("answers 503 with Retry-After once the queue is full, and stores exactly the 200s", async () => {
        const project = await createTestProject(server.database);
        const names = Array.from({ length: 20 }, (_, i) => `burst-${i}`);
        const { slow, queued } = await sendBehindSlowBatch(project.token, names);
        expect(slow.status).toBe(200);
        const accepted = queued.filter((response) => response.status === 200);
        const refused = queued.filter((response) => response.status === 503);
        expect(accepted).toHaveLength(5);
        expect(refused).toHaveLength(15);
        expect(refused[0]?.headers.get("x-inlet-reason")).toBe("server is busy; retry");
        expect(refused[0]?.headers.get("retry-after")).toBe("1");
        expect(
          await server.database.prisma.event.count({ where: { projectId: project.projectId } }),
        ).toBe(6);
      });
    },
  );
});
