// A revoked token stops working within a second on every process, despite the token cache that refreshes the tokens in use together.
import { revokeToken } from "@inlet/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";
import { TokenCache } from "../src/ingest/token-cache.ts";

describe("token revocation", () => {
  const servers: TestInlet[] = [];
  beforeAll(async () => {
    servers.push(await startTestInlet());
    // PGlite is one process per directory; on Postgres a second process proves the cross-process part.
    if (testDatabaseKind() === "postgres") {
      servers.push(
        await startTestInlet({ databaseUrl: servers[0]?.database.postgresUrl ?? undefined }),
      );
    }
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it("takes effect everywhere within a second, for every token in use", async () => {
    const [first] = servers;
    if (!first) throw new Error("no server");
    const projects = [
      await createTestProject(first.database),
      await createTestProject(first.database),
      await createTestProject(first.database),
    ];
    const send = (server: TestInlet, token: string) =>
      postJson(server.url, "/e", { projectToken: token, name: "t" });
    // Warm every cache so a later 401 cannot come from a first lookup.
    for (const server of servers)
      for (const { token } of projects) expect((await send(server, token)).status).toBe(200);

    const [kept, ...revoked] = projects.map((project) => project.token);
    const revokedAt = Date.now();
    for (const token of revoked) await revokeToken(first.database.prisma, token, new Date());
    const refusedAfter = await Promise.all(
      servers.flatMap((server) =>
        revoked.map(async (token) => {
          for (;;) {
            const response = await send(server, token);
            if (response.status === 401) return Date.now() - revokedAt;
            expect(response.status).toBe(200);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }),
      ),
    );
    for (const elapsed of refusedAfter) expect(elapsed).toBeLessThan(1_000);
    for (const server of servers) expect((await send(server, kept ?? "")).status).toBe(200);
  });

  it("refreshes the tokens in use together, in one query that sees the revocation", async () => {
    const [first] = servers;
    if (!first) throw new Error("no server");
    const { prisma } = first.database;
    const kept = await createTestProject(first.database);
    const revoked = await createTestProject(first.database);
    let nowMs = 0;
    const cache = new TokenCache(prisma, { now: () => nowMs });
    for (const { token } of [kept, revoked]) expect((await cache.resolve(token)).valid).toBe(true);

    nowMs = 100;
    expect(cache.cached(kept.token)?.valid).toBe(true);
    await revokeToken(prisma, revoked.token, new Date());
    nowMs = 450;
    expect(cache.cached(revoked.token)?.valid).toBe(true);
    await expect.poll(() => cache.cached(revoked.token)?.valid, { timeout: 2_000 }).toBe(false);
    // Refreshed at 450 with it, so still in use at 1,000 without a lookup of its own.
    nowMs = 1_000;
    expect(cache.cached(kept.token)?.valid).toBe(true);
  });
});
