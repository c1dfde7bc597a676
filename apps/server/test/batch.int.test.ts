// POST /batch: envelope refusals, per-item verdicts, order and identity, duplicates, and its OpenAPI description.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { NO_USER_REASON } from "../src/ingest/endpoints.ts";
import { SENDERS } from "../../../test-support/identity-senders.ts";
import { startTestInlet, testConfig, type TestInlet } from "../../../test-support/test-inlet.ts";

const REASON = "x-inlet-reason";
const curl = SENDERS.curlBackend;

let inlet: TestInlet;
beforeAll(async () => {
  inlet = await startTestInlet({
    ingest: { ...testConfig().ingest, rateLimitPerSecond: 1e6, rateLimitBurst: 1e6 },
  });
});
afterAll(() => inlet.close());

const postBatch = (token: string | null, batch: unknown, headers: Record<string, string> = {}) =>
  postJson(inlet.url, "/batch", token === null ? { batch } : { projectToken: token, batch }, {
    ...curl,
    ...headers,
  });

/** Stored events of a project by name: name and user identifier. */
async function storedEvents(projectId: string) {
  const events = await inlet.database.prisma.event.findMany({
    where: { projectId },
    orderBy: { name: "asc" },
    select: { name: true, user: { select: { identifier: true } } },
  });
  return events.map((event) => [event.name, event.user?.identifier ?? null]);
}

describe("POST /batch", () => {
  it("stores exactly the 990 valid items of 1,000 and lists the 10 refused with index and reason", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const bad = new Set([0, 7, 99, 100, 250, 500, 501, 777, 998, 999]);
    const batch = Array.from({ length: 1000 }, (_, index) =>
      bad.has(index)
        ? { type: "event", customData: { index: String(index) } }
        : { type: "event", name: `item_${index}`, identifier: `user_${index % 7}` },
    );
    const response = await postBatch(token, batch);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    const verdicts = (await response.json()) as {
      accepted: number;
      rejected: { index: number; status: number; reason: string }[];
      duplicate: number[];
    };
    expect(verdicts.accepted).toBe(990);
    expect(verdicts.duplicate).toEqual([]);
    expect(verdicts.rejected).toEqual(
      [...bad].map((index) => ({ index, status: 400, reason: "name is required" })),
    );
    // Committed before the answer.
    expect(await inlet.database.prisma.event.count({ where: { projectId } })).toBe(990);
    const names = await inlet.database.prisma.event.findMany({
      where: { projectId, name: { in: ["item_0", "item_1", "item_998", "item_997"] } },
      select: { name: true },
    });
    expect(names.map((n) => n.name).sort()).toEqual(["item_1", "item_997"]);
  });

  it("refuses an unreadable envelope as a whole: 400 `Invalid!` with the reason", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const cases: [string, string, RegExp][] = [
      ["not JSON", `{"projectToken":"${token}","batch":[`, /JSON/],
      ["batch not an array", JSON.stringify({ projectToken: token, batch: { a: 1 } }), /array/],
      ["no batch", JSON.stringify({ projectToken: token }), /array/],
      ["no token", JSON.stringify({ batch: [{ type: "event", name: "x" }] }), /projectToken/],
    ];
    for (const [, body, reason] of cases) {
      const response = await postJson(inlet.url, "/batch", body, curl);
      expect(response.status).toBe(400);
      expect(await response.text()).toBe("Invalid!");
      expect(response.headers.get(REASON)).toMatch(reason);
    }
    expect(await inlet.database.prisma.event.count({ where: { projectId } })).toBe(0);
  });

  it("answers 401 for an unknown token, and takes the token from the Token header", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const unknown = await postBatch(`tok_${randomBytes(8).toString("hex")}`, []);
    expect(unknown.status).toBe(401);
    const viaHeader = await postBatch(null, [{ type: "event", name: "via_header" }], { token });
    expect(viaHeader.status).toBe(200);
    expect(await viaHeader.json()).toEqual({ accepted: 1, rejected: [], duplicate: [] });
    expect(await storedEvents(projectId)).toEqual([["via_header", null]]);
  });

  it("refuses more than 1,000 items or 1 MB with 413 naming the limit, storing nothing", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const many = await postBatch(
      token,
      Array.from({ length: 1001 }, () => ({ type: "event", name: "x" })),
    );
    expect(many.status).toBe(413);
    expect(many.headers.get(REASON)).toMatch(/1000 items/);
    const padding = "p".repeat(4000);
    const large = await postBatch(
      token,
      Array.from({ length: 300 }, () => ({ type: "event", name: "x", customData: { padding } })),
    );
    expect(large.status).toBe(413);
    expect(large.headers.get(REASON)).toMatch(/1048576 bytes/);
    expect(await inlet.database.prisma.event.count({ where: { projectId } })).toBe(0);
  });

  it("gives each item its own verdict in the dialect of its single endpoint", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const response = await postBatch(token, [
      { type: "event", name: "$$pageView", url: "https://shop.example/", userIdentifier: "ann" },
      { type: "purchase", name: "x" },
      "not an object",
      { type: "identify" },
      { type: "updateUser", userIdentifier: "ann", userDisplayName: "Ann" },
      { type: "event", name: "$pageview", url: "/relative" },
    ]);
    expect(await response.json()).toEqual({
      accepted: 2,
      rejected: [
        { index: 1, status: 400, reason: "type must be event, identify or updateUser" },
        { index: 2, status: 400, reason: "item must be a JSON object" },
        { index: 3, status: 400, reason: "identifier is required" },
        { index: 5, status: 400, reason: "$pageview url must be an absolute URL" },
      ],
      duplicate: [],
    });
    expect(await storedEvents(projectId)).toEqual([["$pageview", "ann"]]);
    const ann = await inlet.database.prisma.user.findFirst({
      where: { projectId, identifier: "ann" },
      select: { displayName: true },
    });
    expect(ann?.displayName).toBe("Ann");
  });

  it("stores an item id once, across a retried batch and within one", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const batch = [
      { type: "event", name: "a", id: "key-a" },
      { type: "event", name: "b", id: "key-b" },
      { type: "event", name: "a again", id: "key-a" },
    ];
    // The Idempotency-Key header names no item of a batch.
    const first = await postBatch(token, batch, { "idempotency-key": "header-key" });
    expect(await first.json()).toEqual({ accepted: 3, rejected: [], duplicate: [2] });
    const retry = await postBatch(token, batch);
    expect(await retry.json()).toEqual({ accepted: 3, rejected: [], duplicate: [0, 1, 2] });
    expect((await storedEvents(projectId)).map(([name]) => name)).toEqual(["a", "b"]);
  });
});

describe("a batch's items apply in order", () => {
  const sequence = [
    { type: "event", name: "anon_before" },
    { type: "event", name: "alice_evt", identifier: "alice" },
    { type: "identify", identifier: "carol" },
    { type: "event", name: "anon_after" },
    { type: "updateUser", data: { set: { plan: "pro" } } },
    { type: "identify", identifier: "dave" },
    { type: "event", name: "anon_last" },
  ];
  const pathOf = { event: "/e", identify: "/i", updateUser: "/u" } as const;

  it("stores what the same items sent one by one store, under the same users", async () => {
    const one = await createTestProject(inlet.database);
    for (const { type, ...body } of sequence) {
      const response = await postJson(
        inlet.url,
        pathOf[type as keyof typeof pathOf],
        { projectToken: one.token, ...body },
        curl,
      );
      expect(response.status).toBe(200);
    }
    const batched = await createTestProject(inlet.database);
    const response = await postBatch(batched.token, sequence);
    expect(await response.json()).toEqual({ accepted: 7, rejected: [], duplicate: [] });

    const expected = [
      ["alice_evt", "alice"],
      ["anon_after", "carol"],
      ["anon_before", "carol"],
      ["anon_last", "dave"],
    ];
    expect(await storedEvents(one.projectId)).toEqual(expected);
    expect(await storedEvents(batched.projectId)).toEqual(expected);
    for (const { projectId } of [one, batched]) {
      const carol = await inlet.database.prisma.user.findFirst({
        where: { projectId, identifier: "carol" },
        select: { properties: true },
      });
      expect(carol?.properties).toEqual({ plan: "pro" });
    }
  });

  it("refuses an update without a user as its single request would, keeping the rest", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const response = await postBatch(token, [
      { type: "updateUser", data: { set: { plan: "pro" } } },
      { type: "event", name: "kept" },
    ]);
    expect(await response.json()).toEqual({
      accepted: 1,
      rejected: [{ index: 0, status: 400, reason: NO_USER_REASON }],
      duplicate: [],
    });
    expect(await storedEvents(projectId)).toEqual([["kept", null]]);
  });
});

describe("GET /openapi.json", () => {
  it("describes the ingest endpoints, /batch with its verdicts, as OpenAPI 3.1", async () => {
    const response = await fetch(`${inlet.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, { post: { responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/e", "/i", "/u", "/batch"]),
    );
    expect(Object.keys(document.paths["/batch"]?.post.responses ?? {})).toEqual(
      expect.arrayContaining(["200", "400", "413", "415", "429", "503"]),
    );
    // Every reference resolves within the document.
    const refs = JSON.stringify(document).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of refs)
      expect(document.components.schemas).toHaveProperty(ref.split("/").pop()!);
  });
});
