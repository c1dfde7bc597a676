// Dry runs of /batch, in Live and in the OpenAPI document, and what a dry run does to the token: rate limit counted, last use unwritten.
import { openDatabase } from "@inlet/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInNewAdmin, type AdminClient } from "../../../test-support/admin-client.ts";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { SENDERS } from "../../../test-support/identity-senders.ts";
import { subscribeLive } from "../../../test-support/live-subscription.ts";
import { startTestInlet, testConfig, type TestInlet } from "../../../test-support/test-inlet.ts";
import { storedRows } from "./fixtures/stored-rows.ts";

const curl = SENDERS.curlBackend;

let inlet: TestInlet;
let client: AdminClient;
beforeAll(async () => {
  inlet = await startTestInlet();
  client = await signInNewAdmin(inlet);
});
afterAll(() => inlet.close());

const post = (path: string, body: unknown, headers: Record<string, string> = curl) =>
  postJson(inlet.url, path, body, headers);

describe("dry run of a batch", () => {
  it("answers each item's verdict in order, with the header form, and stores nothing", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    await post("/batch", { projectToken: token, batch: [{ type: "event", name: "x", id: "k1" }] });
    const before = await storedRows(inlet.database, projectId);
    const response = await post(
      "/batch",
      {
        projectToken: token,
        batch: [
          { type: "event", name: "early" },
          { type: "identify", identifier: "erin" },
          { type: "event", name: "credited" },
          { type: "event" },
          { type: "event", name: "again", id: "k1" },
          { type: "event", name: "twice", id: "k2" },
          { type: "event", name: "twice", id: "k2" },
          { type: "updateUser", data: { set: { tier: "gold" } } },
        ],
      },
      { ...curl, "X-Inlet-Dry-Run": "1" },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: Record<string, unknown>[] };
    expect(body).toMatchObject({
      dryRun: true,
      accepted: 7,
      rejected: [{ index: 3, status: 400, reason: "name is required" }],
      duplicate: [4, 6],
      visitor: { source: "cookieless", sender: "server" },
    });
    expect(body.items.map((item) => [item.index, item.status, item.type ?? null])).toEqual([
      [0, 200, "event"],
      [1, 200, "identify"],
      [2, 200, "event"],
      [3, 400, null],
      [4, 200, "event"],
      [5, 200, "event"],
      [6, 200, "event"],
      [7, 200, "updateUser"],
    ]);
    expect(body.items[0]).toMatchObject({ user: { identifier: null, rule: "anonymous" } });
    // The identify adopts the visitor's stored anonymous event and the batch's earlier one,
    // and credits the later ones.
    expect(body.items[1]).toMatchObject({ adopts: 2, visitorLink: { after: "erin" } });
    expect(body.items[2]).toMatchObject({ user: { identifier: "erin", rule: "visitor-link" } });
    expect(body.items[7]).toMatchObject({ user: { identifier: "erin", rule: "visitor-link" } });
    expect(await storedRows(inlet.database, projectId)).toEqual(before);
  });

  it("shows a dry run in Live marked: the batch's summary and rows, a single event, a refusal", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const live = subscribeLive(client, { projectId });
    await live.ready;
    await post("/batch?dryRun=1", {
      projectToken: token,
      batch: [{ type: "event", name: "tried", identifier: "fay" }, { type: "event" }],
    });
    await post("/e?dryRun=1", { projectToken: token, name: "single" });
    await post("/e?dryRun=1", { projectToken: token });
    await expect.poll(() => live.items().length).toBe(4);
    expect(live.items().map((item) => [item.kind, item.name, item.dryRun])).toEqual([
      ["batch", null, true],
      ["accepted", "tried", true],
      ["accepted", "single", true],
      ["refused", null, true],
    ]);
    expect(live.items()[0]).toMatchObject({ accepted: 1, refusedCount: 1 });
    live.stop();
  });
});

describe("GET /openapi.json", () => {
  it("describes the dry-run switch on every storing endpoint, and its answers", async () => {
    const document = (await (await fetch(`${inlet.url}/openapi.json`)).json()) as {
      paths: Record<string, { post: { parameters: { name: string }[] } }>;
      components: { schemas: Record<string, unknown> };
    };
    for (const path of ["/e", "/i", "/u", "/batch"]) {
      const names = document.paths[path]?.post.parameters.map((parameter) => parameter.name);
      expect(names).toEqual(expect.arrayContaining(["dryRun", "X-Inlet-Dry-Run"]));
    }
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(["DryRunItem", "DryRunRequest", "DryRunRefusal"]),
    );
  });
});

describe("dry runs and the token", () => {
  it("count against the rate limit, and leave the token's last use unwritten", async () => {
    const limited = await startTestInlet({
      ingest: { ...testConfig().ingest, rateLimitPerSecond: 0.001, rateLimitBurst: 5 },
    });
    const { tokenId, token } = await createTestProject(limited.database);
    try {
      const send = (batch: unknown[]) =>
        postJson(limited.url, "/batch?dryRun=1", { projectToken: token, batch }, curl);
      const first = await send([
        { type: "event", name: "a" },
        { type: "event", name: "b" },
      ]);
      expect(first.status).toBe(200);
      expect(first.headers.get("x-ratelimit-remaining")).toBe("3");
      const single = await postJson(limited.url, "/e?dryRun=1", { projectToken: token, name: "c" });
      expect(single.headers.get("x-ratelimit-remaining")).toBe("2");
      const over = await send([1, 2, 3].map((n) => ({ type: "event", name: `n${n}` })));
      expect(over.status).toBe(429);
      expect(await over.json()).toMatchObject({ dryRun: true, status: 429 });
      await limited.stop(); // writes pending token use before closing
      const database = await openDatabase({
        databaseUrl: limited.database.postgresUrl ?? undefined,
        dataDir: limited.dataDir,
      });
      try {
        const row = await database.prisma.projectToken.findUniqueOrThrow({
          where: { id: tokenId },
          select: { lastUsedAt: true },
        });
        expect(row.lastUsedAt).toBeNull();
      } finally {
        await database.close();
      }
    } finally {
      await limited.close();
    }
  });
});
