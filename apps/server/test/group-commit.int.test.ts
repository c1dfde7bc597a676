// Group commit against a real database: every request lands once, a failed batch fails only its own requests, the queue is bounded.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
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
    const keys = users.flatMap((user) => Object.keys(user.properties as object));
    expect(keys.sort()).toEqual([...names].sort());
  });

  it.runIf(testDatabaseKind() === "postgres")(
    "answers 503 to every request of a failed batch and stores none of it",
    async () => {
      const project = await createTestProject(inlet.database);
      const poison = `poison-${randomBytes(4).toString("hex")}`;
      // A trigger that fails the insert of one marked event makes its whole batch fail.
      await inlet.database.prisma.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION refuse_${poison.replace("-", "_")}() RETURNS trigger AS $$
      BEGIN IF NEW.name = '${poison}' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
      await inlet.database.prisma.$executeRawUnsafe(`
      CREATE TRIGGER ${poison.replace("-", "_")} BEFORE INSERT ON events
      FOR EACH ROW EXECUTE FUNCTION refuse_${poison.replace("-", "_")}()`);
      try {
        const slow = await startTestInlet({
          databaseUrl: inlet.database.postgresUrl ?? undefined,
          ...ingest({ batchMax: 1_000, batchDelayMs: 200 }),
        });
        try {
          const send = (name: string) =>
            postJson(slow.url, "/e", { projectToken: project.token, name });
          const together = await Promise.all(["a", "b", poison, "c"].map(send));
          expect(together.map((response) => response.status)).toEqual([503, 503, 503, 503]);
          expect(together[0]?.headers.get("retry-after")).toBe("1");
          const after = await send("after");
          expect(after.status).toBe(200);
          const stored = await slow.database.prisma.event.findMany({
            where: { projectId: project.projectId },
            select: { name: true },
          });
          expect(stored.map((event) => event.name)).toEqual(["after"]);
        } finally {
          await slow.close();
        }
      } finally {
        await inlet.database.prisma.$executeRawUnsafe(
          `DROP TRIGGER ${poison.replace("-", "_")} ON events`,
        );
        await inlet.database.prisma.$executeRawUnsafe(
          `DROP FUNCTION refuse_${poison.replace("-", "_")}()`,
        );
      }
    },
  );

  it("answers 503 with Retry-After once the queue is full, and stores exactly the 200s", async () => {
    const bounded = await startTestInlet({
      databaseUrl: inlet.database.postgresUrl ?? undefined,
      ...ingest({ batchMax: 1_000, batchDelayMs: 300, queueMax: 5 }),
    });
    try {
      const project = await createTestProject(bounded.database);
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          postJson(bounded.url, "/e", { projectToken: project.token, name: `burst-${i}` }),
        ),
      );
      const accepted = responses.filter((response) => response.status === 200);
      const refused = responses.filter((response) => response.status === 503);
      expect(accepted.length).toBe(5);
      expect(refused.length).toBe(15);
      expect(refused[0]?.headers.get("x-inlet-reason")).toBe("server is busy; retry");
      expect(refused[0]?.headers.get("retry-after")).toBe("1");
      expect(
        await bounded.database.prisma.event.count({ where: { projectId: project.projectId } }),
      ).toBe(5);
    } finally {
      await bounded.close();
    }
  });
});
