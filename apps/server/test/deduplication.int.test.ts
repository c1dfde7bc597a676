// Idempotency keys live in their own table: a key is stored once per project across requests, batches and restarts, survives its event's deletion, and is forgotten after the window.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { startTestInlet, testConfig, type TestInlet } from "../../../test-support/test-inlet.ts";
import { pruneIdempotencyKeys } from "../src/ingest/key-retention.ts";

const curl = { "user-agent": "curl/8.5.0" };
let inlet: TestInlet;
beforeAll(async () => {
  inlet = await startTestInlet();
});
afterAll(() => inlet.close());

const countEvents = (projectId: string) =>
  inlet.database.prisma.event.count({ where: { projectId } });

describe("deduplication", () => {
  it("treats a single request's Idempotency-Key and a batch item's id as one key space", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const single = await postJson(
      inlet.url,
      "/e",
      { projectToken: token, name: "order" },
      {
        ...curl,
        "idempotency-key": "order-7",
      },
    );
    expect(single.status).toBe(200);
    const batch = await postJson(
      inlet.url,
      "/batch",
      { projectToken: token, batch: [{ type: "event", name: "order", id: "order-7" }] },
      curl,
    );
    expect(await batch.json()).toEqual({ accepted: 1, rejected: [], duplicate: [0] });
    expect(await countEvents(projectId)).toBe(1);
    // Keys are per project: another project may use the same one.
    const other = await createTestProject(inlet.database);
    await postJson(
      inlet.url,
      "/e",
      { projectToken: other.token, name: "order", id: "order-7" },
      curl,
    );
    expect(await countEvents(other.projectId)).toBe(1);
  });

  it("keeps a key after its event is deleted, so a late retry stores nothing", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const send = () =>
      postJson(inlet.url, "/e", { projectToken: token, name: "gone", id: "k-del" }, curl);
    expect((await send()).status).toBe(200);
    await inlet.database.prisma.event.deleteMany({ where: { projectId } });
    expect((await send()).status).toBe(200);
    expect(await countEvents(projectId)).toBe(0);
  });

  it("forgets keys older than the window: a retry after it is stored again", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const send = (id: string) =>
      postJson(inlet.url, "/e", { projectToken: token, name: "late", id }, curl);
    await send("old");
    await send("recent");
    const window = testConfig().ingest.dedupWindowDays;
    expect(window).toBeGreaterThanOrEqual(30);
    await inlet.database.prisma.idempotencyKey.updateMany({
      where: { projectId, key: "old" },
      data: { createdAt: new Date(Date.now() - (window + 1) * 86_400_000) },
    });
    expect(
      await pruneIdempotencyKeys(inlet.database.prisma, window, new Date()),
    ).toBeGreaterThanOrEqual(1);
    const left = await inlet.database.prisma.idempotencyKey.findMany({
      where: { projectId },
      select: { key: true },
    });
    expect(left).toEqual([{ key: "recent" }]);
    await send("old");
    await send("recent");
    expect(await countEvents(projectId)).toBe(3);
  });
});
