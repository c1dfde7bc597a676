// A revoked token stops working within one second on every process sharing the database, despite the token cache.
import { revokeToken } from "@inlet/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

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

  it("takes effect everywhere within a second", async () => {
    const [first] = servers;
    if (!first) throw new Error("no server");
    const project = await createTestProject(first.database);
    const send = (server: TestInlet) =>
      postJson(server.url, "/e", { projectToken: project.token, name: "t" });
    // Warm every cache so a later 401 cannot come from a first lookup.
    for (const server of servers) expect((await send(server)).status).toBe(200);

    const revokedAt = Date.now();
    await revokeToken(first.database.prisma, project.token, new Date());
    const refusedAfter = await Promise.all(
      servers.map(async (server) => {
        for (;;) {
          const response = await send(server);
          if (response.status === 401) return Date.now() - revokedAt;
          expect(response.status).toBe(200);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }),
    );
    for (const elapsed of refusedAfter) expect(elapsed).toBeLessThan(1_000);
  });
});
