// Identifies and user updates sent together share one transaction, and one that fails takes none of the others with it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { SENDERS } from "../../../test-support/identity-senders.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { installSaboteur } from "../../../test-support/saboteur.ts";
import { startTestInlet, testConfig, type TestInlet } from "../../../test-support/test-inlet.ts";

describe("many identifies and updates at once", () => {
  let inlet: TestInlet;
  beforeAll(async () => {
    inlet = await startTestInlet();
  });
  afterAll(() => inlet.close());

  it("stores every one of them, each user with what it was sent", async () => {
    const project = await createTestProject(inlet.database);
    const users = Array.from({ length: 30 }, (_, i) => `user-${i}`);
    const responses = await Promise.all(
      users.flatMap((identifier, i) => [
        postJson(
          inlet.url,
          "/i",
          { projectToken: project.token, identifier, displayName: `U${i}` },
          SENDERS.nodeBackend,
        ),
        postJson(
          inlet.url,
          "/u",
          { projectToken: project.token, identifier, data: { set: { n: i } } },
          SENDERS.nodeBackend,
        ),
      ]),
    );
    expect(responses.filter((response) => response.status !== 200)).toEqual([]);
    const stored = await inlet.database.prisma.user.findMany({
      where: { projectId: project.projectId },
      select: { identifier: true, displayName: true, properties: true },
    });
    expect(
      stored.sort((a, b) => Number(a.identifier.slice(5)) - Number(b.identifier.slice(5))),
    ).toEqual(
      users.map((identifier, i) => ({ identifier, displayName: `U${i}`, properties: { n: i } })),
    );
  });
});

// PGlite's pg_sleep does not hold a commit open, so gathering behind it needs real Postgres.
describe.runIf(testDatabaseKind() === "postgres")("identifies and updates sent together", () => {
  let inlet: TestInlet;
  let saboteur: Awaited<ReturnType<typeof installSaboteur>>;
  beforeAll(async () => {
    inlet = await startTestInlet({
      ingest: { ...testConfig().ingest, batchDelayMs: 5, rateLimitPerSecond: 1e6 },
    });
    saboteur = await installSaboteur(inlet.database, {
      table: "users",
      column: "identifier",
      on: "INSERT OR UPDATE",
    });
  });
  afterAll(async () => {
    await saboteur.remove();
    await inlet.close();
  });

  /**
   * A backend's requests: the slow identify (from another backend, `slowFrom`, when the
   * requests' visitor must not be identified by it), then `requests` while it commits.
   */
  async function sendBehindSlowWrite(
    token: string,
    requests: [string, object][],
    slowFrom: keyof typeof SENDERS = "nodeBackend",
  ) {
    const send = (path: string, body: object) =>
      postJson(inlet.url, path, { projectToken: token, ...body }, SENDERS.nodeBackend);
    const slow = postJson(
      inlet.url,
      "/i",
      { projectToken: token, identifier: saboteur.slow },
      SENDERS[slowFrom],
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const gathered = await Promise.all(requests.map(([path, body]) => send(path, body)));
    return { slow: await slow, gathered };
  }

  /** Each stored user's identifier and the transaction that wrote its row last. */
  async function writers(projectId: string) {
    const rows = await inlet.database.sql.query<{ identifier: string; xmin: string }>(
      "SELECT identifier, xmin::text FROM users WHERE project_id = $1::uuid",
      [projectId],
    );
    return new Map(rows.map((row) => [row.identifier, row.xmin]));
  }

  it("commits the identifies and updates that arrive meanwhile in one transaction", async () => {
    const project = await createTestProject(inlet.database);
    const { slow, gathered } = await sendBehindSlowWrite(project.token, [
      ["/i", { identifier: "ada", displayName: "Ada" }],
      ["/u", { identifier: "bo", data: { set: { plan: "pro" } } }],
      ["/i", { identifier: "cy" }],
    ]);
    expect([slow, ...gathered].map((response) => response.status)).toEqual([200, 200, 200, 200]);
    const written = await writers(project.projectId);
    expect([...written.keys()].sort()).toEqual(["ada", "bo", "cy", saboteur.slow].sort());
    expect(new Set(["ada", "bo", "cy"].map((user) => written.get(user))).size).toBe(1);
    expect(written.get("ada")).not.toBe(written.get(saboteur.slow));
  });

  it("answers 503 to the write that failed only, and stores the others", async () => {
    const project = await createTestProject(inlet.database);
    const { slow, gathered } = await sendBehindSlowWrite(project.token, [
      ["/i", { identifier: "ada" }],
      ["/i", { identifier: saboteur.poison }],
      ["/u", { identifier: "bo", data: { set: { plan: "pro" } } }],
    ]);
    expect([slow, ...gathered].map((response) => response.status)).toEqual([200, 200, 503, 200]);
    expect(gathered[1]?.headers.get("retry-after")).toBe("1");
    const written = await writers(project.projectId);
    expect([...written.keys()].sort()).toEqual(["ada", "bo", saboteur.slow].sort());
    const bo = await inlet.database.prisma.user.findFirstOrThrow({
      where: { projectId: project.projectId, identifier: "bo" },
      select: { properties: true },
    });
    expect(bo.properties).toEqual({ plan: "pro" });
  });

  it("applies the gathered writes in their order, as one by one", async () => {
    const project = await createTestProject(inlet.database);
    const track = (name: string) =>
      postJson(inlet.url, "/e", { projectToken: project.token, name }, SENDERS.nodeBackend);
    expect((await track("signup")).status).toBe(200);
    const { slow, gathered } = await sendBehindSlowWrite(
      project.token,
      [
        ["/i", { identifier: "ada" }],
        // No identifier: the visitor's user, whom the identify before it just linked.
        ["/u", { data: { set: { plan: "pro" } } }],
        ["/i", { identifier: "bo" }],
      ],
      "curlBackend",
    );
    expect([slow, ...gathered].map((response) => response.status)).toEqual([200, 200, 200, 200]);
    const written = await writers(project.projectId);
    expect(written.get("ada")).toBe(written.get("bo"));
    const users = await inlet.database.prisma.user.findMany({
      where: { projectId: project.projectId },
      select: { identifier: true, properties: true, events: { select: { name: true } } },
      orderBy: { identifier: "asc" },
    });
    // The first identify adopted the visitor's earlier event; the link ends at the last.
    expect(users.filter((user) => user.identifier !== saboteur.slow)).toEqual([
      { identifier: "ada", properties: { plan: "pro" }, events: [{ name: "signup" }] },
      { identifier: "bo", properties: {}, events: [] },
    ]);
    expect((await track("checkout")).status).toBe(200);
    const checkout = await inlet.database.prisma.event.findFirstOrThrow({
      where: { projectId: project.projectId, name: "checkout" },
      select: { user: { select: { identifier: true } } },
    });
    expect(checkout.user?.identifier).toBe("bo");
  });
});
