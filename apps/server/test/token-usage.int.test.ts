// "Last used" of a token: recorded for requests with a valid token and written by the time the server stops.
import { openDatabase } from "@inlet/db";
import { describe, expect, it } from "vitest";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { startTestInlet } from "../../../test-support/test-inlet.ts";

describe("token last used", () => {
  it("is written for a used token and left empty for an unused one", async () => {
    const inlet = await startTestInlet();
    const used = await createTestProject(inlet.database);
    const unused = await createTestProject(inlet.database);
    const before = new Date();
    expect((await postJson(inlet.url, "/e", { projectToken: used.token, name: "x" })).status).toBe(
      200,
    );
    await inlet.stop(); // flushes pending usage before closing the database

    const settings = {
      databaseUrl: inlet.database.postgresUrl ?? undefined,
      dataDir: inlet.dataDir,
    };
    const database = await openDatabase(settings);
    try {
      const rows = await database.prisma.projectToken.findMany({
        where: { id: { in: [used.tokenId, unused.tokenId] } },
        select: { id: true, lastUsedAt: true },
      });
      const byId = new Map(rows.map((row) => [row.id, row.lastUsedAt]));
      expect(byId.get(used.tokenId)?.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
      expect(byId.get(unused.tokenId)).toBeNull();
    } finally {
      await database.close();
      await inlet.close();
    }
  });
});
