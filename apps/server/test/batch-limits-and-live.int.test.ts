// POST /batch beyond its verdicts: rate limits counted in items, all-or-nothing on a database fault, and what Live shows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInNewAdmin, type AdminClient } from "../../../test-support/admin-client.ts";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { SENDERS } from "../../../test-support/identity-senders.ts";
import { subscribeLive } from "../../../test-support/live-subscription.ts";
import { installSaboteur } from "../../../test-support/saboteur.ts";
import { startTestInlet, testConfig, type TestInlet } from "../../../test-support/test-inlet.ts";

const REASON = "x-inlet-reason";
const curl = SENDERS.curlBackend;

let inlet: TestInlet;
beforeAll(async () => {
  inlet = await startTestInlet();
});
afterAll(() => inlet.close());

const postBatch = (token: string, batch: unknown) =>
  postJson(inlet.url, "/batch", { projectToken: token, batch }, curl);

describe("rate limits count items, and every answer states the budget", () => {
  let limited: TestInlet;
  beforeAll(async () => {
    limited = await startTestInlet({
      ingest: { ...testConfig().ingest, rateLimitPerSecond: 1, rateLimitBurst: 50 },
    });
  });
  afterAll(() => limited?.close());

  it("refuses a batch larger than the remaining budget as a whole with Retry-After", async () => {
    const { projectId, token } = await createTestProject(limited.database);
    const items = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ type: "event", name: `e${i}` }));
    const send = (n: number) =>
      postJson(limited.url, "/batch", { projectToken: token, batch: items(n) }, curl);
    const first = await send(40);
    expect(first.status).toBe(200);
    // The budget on every answer: 50 at most, 10 left, full again in 40 s at 1 a second.
    expect(first.headers.get("x-ratelimit-limit")).toBe("50");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("10");
    expect(Number(first.headers.get("x-ratelimit-reset"))).toBeGreaterThanOrEqual(39);
    const over = await send(20);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("x-ratelimit-remaining"))).toBeLessThan(20);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const tooBig = await send(60);
    expect(tooBig.status).toBe(429);
    expect(tooBig.headers.get(REASON)).toMatch(/burst of 50/);
    expect(await limited.database.prisma.event.count({ where: { projectId } })).toBe(40);
  });
});

describe("infrastructure failures are all-or-nothing", () => {
  it("answers 503 and stores no item when one write of the batch fails", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    // A database fault on one row, after earlier items of the batch were already written.
    const saboteur = await installSaboteur(inlet.database, {
      table: "events",
      column: "name",
      on: "INSERT",
    });
    try {
      const response = await postBatch(token, [
        { type: "event", name: "first", identifier: "erin" },
        { type: "identify", identifier: "erin" },
        { type: "event", name: saboteur.poison },
      ]);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("1");
    } finally {
      await saboteur.remove();
    }
    expect(await inlet.database.prisma.event.count({ where: { projectId } })).toBe(0);
    expect(await inlet.database.prisma.user.count({ where: { projectId } })).toBe(0);
  });
});

describe("Live", () => {
  let client: AdminClient;
  beforeAll(async () => {
    client = await signInNewAdmin(inlet);
  });

  it("drops a deleted user's items as their single requests would, storing the rest", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    await postBatch(token, [{ type: "event", name: "before", identifier: "gone" }]);
    await client.user.delete.mutate({ projectId, identifier: "gone" });
    // Every process applies the deletion list within a second.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const response = await postBatch(token, [
      { type: "event", name: "after", identifier: "gone" },
      { type: "identify", identifier: "gone" },
      { type: "event", name: "kept", identifier: "stays" },
    ]);
    expect(await response.json()).toEqual({
      accepted: 1,
      rejected: [
        { index: 0, status: 200, reason: "user deleted" },
        { index: 1, status: 200, reason: "user deleted" },
      ],
      duplicate: [],
    });
    await expect
      .poll(() => inlet.database.prisma.event.count({ where: { projectId, name: "after" } }))
      .toBe(0);
    expect(
      await inlet.database.prisma.user.count({ where: { projectId, identifier: "gone" } }),
    ).toBe(0);
  });

  it("shows a batch as a summary row with its refused items, and its accepted items as rows", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const live = subscribeLive(client, { projectId });
    await live.ready;
    await postBatch(token, [
      { type: "event", name: "shown", identifier: "fay" },
      { type: "event" },
      { type: "identify", identifier: "fay" },
    ]);
    await expect.poll(() => live.items().length).toBe(3);
    const [summary, ...rows] = live.items();
    expect(summary).toMatchObject({
      kind: "batch",
      items: 3,
      accepted: 2,
      duplicates: 0,
      refusedCount: 1,
      refused: [{ index: 1, status: 400, reason: "name is required" }],
    });
    expect(rows.map((row) => [row.kind, row.name, row.userIdentifier])).toEqual([
      ["accepted", "shown", "fay"],
      ["accepted", "$identify", "fay"],
    ]);
    live.stop();
  });
});
