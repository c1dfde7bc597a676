// Secret keys across the server: refused and masked on ingest endpoints, rate-limited per key with Retry-After, last use recorded, and revocation effective within a second on every process.
import { revokeApiKey } from "@inlet/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInNewAdmin } from "../../../test-support/admin-client.ts";
import { apiErrorOf, apiGet, createTestKey } from "../../../test-support/api-keys.ts";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

const SECRET_KEY_REASON = "secret keys cannot send events; use the project token";

describe("secret API keys", () => {
  const servers: TestInlet[] = [];
  const first = () => servers[0] as TestInlet;

  beforeAll(async () => {
    servers.push(await startTestInlet({ api: { rateLimitPerSecond: 1, rateLimitBurst: 3 } }));
    // PGlite is one process per directory; on Postgres a second process proves the cross-process part.
    if (testDatabaseKind() === "postgres") {
      const databaseUrl = first().database.postgresUrl ?? undefined;
      servers.push(await startTestInlet({ databaseUrl }));
    }
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it("are refused on every ingest endpoint and masked where the request is shown", async () => {
    const project = await createTestProject(first().database);
    const { key } = await createTestKey(first().database, project.projectId);
    const client = await signInNewAdmin(first());
    const seen: { reason: string; token: string | null; excerpt: string }[] = [];
    let started!: () => void;
    const ready = new Promise<void>((resolve) => (started = resolve));
    const subscription = client.unmatched.requests.subscribe(
      {},
      {
        onStarted: () => started(),
        onData: (entry) => {
          if (entry.data.type === "request") seen.push(entry.data.request);
        },
      },
    );
    await ready;
    const attempts = [
      postJson(first().url, "/e", { projectToken: key, name: "oops" }),
      postJson(first().url, "/i", { identifier: "u1" }, { token: key }),
      postJson(
        first().url,
        "/u",
        { projectToken: project.token, identifier: "u1" },
        {
          authorization: `Bearer ${key}`,
        },
      ),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(401);
      expect(await response.text()).toBe(SECRET_KEY_REASON);
    }
    await expect.poll(() => seen.length).toBe(3);
    subscription.unsubscribe();
    expect(seen.every((item) => item.reason === SECRET_KEY_REASON)).toBe(true);
    expect(JSON.stringify(seen)).not.toContain(key);
    expect(JSON.stringify(seen)).not.toContain(key.slice(11));
    expect(seen.find((item) => item.excerpt.includes("oops"))?.excerpt).toContain("sk_");
    // Nothing was stored under the project.
    const stored = await first().database.prisma.event.count({
      where: { projectId: project.projectId },
    });
    expect(stored).toBe(0);
  });

  it("are limited per key, with Retry-After, without slowing other keys", async () => {
    const project = await createTestProject(first().database);
    const busy = (await createTestKey(first().database, project.projectId)).key;
    const calm = (await createTestKey(first().database, project.projectId)).key;
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 6 && !limited; i += 1) {
      const response = await apiGet(first().url, "/events", busy);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
      else await response.arrayBuffer();
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await apiErrorOf(limited as Response)).reason).toBe("API key rate limit exceeded");
    expect((await apiGet(first().url, "/events", calm)).status).toBe(200);
  });

  it("record when they were last used", async () => {
    const project = await createTestProject(first().database);
    const { key, id } = await createTestKey(first().database, project.projectId);
    const before = Date.now();
    expect((await apiGet(first().url, "/users", key)).status).toBe(200);
    await expect
      .poll(
        async () =>
          (
            await first().database.prisma.apiKey.findUniqueOrThrow({
              where: { id },
              select: { lastUsedAt: true },
            })
          ).lastUsedAt?.getTime() ?? 0,
        { timeout: 5_000 },
      )
      .toBeGreaterThanOrEqual(before - 5);
  });

  it("stop working on every process within a second of revocation", async () => {
    const project = await createTestProject(first().database);
    const { key, prefix } = await createTestKey(first().database, project.projectId);
    const read = (server: TestInlet) => apiGet(server.url, "/users", key);
    // Warm every cache so a later 401 cannot come from a first lookup.
    for (const server of servers) expect((await read(server)).status).toBe(200);
    const revokedAt = Date.now();
    const { revoked } = await revokeApiKey(first().database.prisma, prefix, new Date());
    expect(revoked).toBe(true);
    const refusedAfter = await Promise.all(
      servers.map(async (server) => {
        for (;;) {
          const response = await read(server);
          if (response.status === 401) return Date.now() - revokedAt;
          expect([200, 429]).toContain(response.status);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }),
    );
    for (const elapsed of refusedAfter) expect(elapsed).toBeLessThan(1_000);
  });
});
