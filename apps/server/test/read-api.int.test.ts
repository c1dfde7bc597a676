// /api/v1 over HTTP: key authentication (401s, 403 scope), events with filters and cursor pagination, users with properties and counts, 400/404 errors, and one project per key.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorOf, apiGet, createTestKey } from "../../../test-support/api-keys.ts";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

interface EventsPage {
  events: { id: string; name: string; occurredAt: string; userIdentifier: string | null }[];
  nextCursor: string | null;
}

const T0 = Date.parse("2026-06-01T12:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describe("read API", () => {
  let inlet: TestInlet;
  let project: Awaited<ReturnType<typeof createTestProject>>;
  let key: string;
  const get = (path: string, with_ = key) => apiGet(inlet.url, path, with_);
  const page = async (path: string) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    return (await response.json()) as EventsPage;
  };

  beforeAll(async () => {
    inlet = await startTestInlet({ api: { rateLimitPerSecond: 1_000, rateLimitBurst: 1_000 } });
    project = await createTestProject(inlet.database);
    key = (await createTestKey(inlet.database, project.projectId)).key;
    const { prisma } = inlet.database;
    const alice = await prisma.user.create({
      data: { projectId: project.projectId, identifier: "alice/ü 1", properties: { plan: "pro" } },
      select: { id: true },
    });
    // Five events a minute apart, newest "signup"; two are alice's, one came with the token.
    await prisma.event.createMany({
      data: [0, 1, 2, 3, 4].map((minute) => ({
        id: randomUUID(),
        projectId: project.projectId,
        name: minute === 4 ? "signup" : "page_view",
        occurredAt: at(minute),
        receivedAt: at(minute),
        anonymousId: `anon-${minute}`,
        userId: minute % 2 === 1 ? alice.id : null,
        tokenId: minute === 2 ? project.tokenId : null,
      })),
    });
  });
  afterAll(() => inlet.close());

  it("refuses requests without a valid secret key, saying why", async () => {
    const cases: [string | null, Record<string, string>, string][] = [
      [null, {}, "missing API key"],
      [project.token, {}, "project tokens cannot read the API"],
      ["sk_" + "x".repeat(32), {}, "unknown API key"],
      [null, { authorization: "Basic abc" }, "not a secret key"],
    ];
    for (const [sent, headers, reason] of cases) {
      const response = await apiGet(inlet.url, "/events", sent, headers);
      expect(response.status, reason).toBe(401);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect((await apiErrorOf(response)).reason).toContain(reason);
    }
  });

  it("lists events newest first, page by page, without repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const result = await page(`/events?limit=2${query}`);
      seen.push(...result.events.map((event) => event.occurredAt));
      cursor = result.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([4, 3, 2, 1, 0].map((minute) => at(minute).toISOString()));
  });

  it("filters by name, user, time range and token (by id or by its value)", async () => {
    const times = async (query: string) =>
      (await page(`/events?${query}`)).events.map((event) => event.occurredAt);
    expect(await times("name=signup")).toEqual([at(4).toISOString()]);
    expect(await times(`user=${encodeURIComponent("alice/ü 1")}`)).toEqual([
      at(3).toISOString(),
      at(1).toISOString(),
    ]);
    const from = encodeURIComponent(at(1).toISOString());
    const to = encodeURIComponent(at(3).toISOString());
    expect(await times(`from=${from}&to=${to}`)).toEqual([
      at(2).toISOString(),
      at(1).toISOString(),
    ]);
    expect(await times(`token=${project.tokenId}`)).toEqual([at(2).toISOString()]);
    expect(await times(`token=${project.token}`)).toEqual([at(2).toISOString()]);
    expect(await times("name=nothing")).toEqual([]);
  });

  it("exports exactly the events the list gives, under every filter", async () => {
    const from = encodeURIComponent(at(1).toISOString());
    const to = encodeURIComponent(at(4).toISOString());
    const queries = [
      "",
      "name=page_view",
      `user=${encodeURIComponent("alice/ü 1")}`,
      `token=${project.tokenId}`,
      `token=${project.token}`,
      `from=${from}&to=${to}`,
      `name=page_view&from=${from}`,
    ];
    for (const query of queries) {
      const listed = (await page(`/events?limit=1000&${query}`)).events;
      const exported = await (await get(`/events/export?format=ndjson&${query}`)).text();
      const lines = exported === "" ? [] : exported.trimEnd().split("\n");
      expect(
        lines.map((line) => JSON.parse(line) as unknown),
        query,
      ).toEqual(listed);
    }
  });

  it("answers 400 with a reason for filters it cannot read", async () => {
    const bad = [
      ["from=yesterday", "from"],
      [`from=${at(2).toISOString()}&to=${at(1).toISOString()}`, "from must be earlier than to"],
      ["limit=0", "limit"],
      ["limit=5000", "limit"],
      ["cursor=bm9wZQ", "cursor"],
      ["colour=red", "unknown parameter colour"],
      [`${encodeURIComponent("cölör")}=1`, "unknown parameter cölör"],
      ["token=not-a-token", "token"],
    ];
    for (const [query, reason] of bad) {
      const response = await get(`/events?${query}`);
      expect(response.status, query).toBe(400);
      expect((await apiErrorOf(response)).reason).toContain(reason);
    }
  });

  it("shows only the key's own project", async () => {
    const other = await createTestProject(inlet.database);
    const otherKey = (await createTestKey(inlet.database, other.projectId)).key;
    const response = await apiGet(inlet.url, "/events", otherKey);
    expect(((await response.json()) as EventsPage).events).toEqual([]);
    expect(
      (await apiGet(inlet.url, `/users/${encodeURIComponent("alice/ü 1")}`, otherKey)).status,
    ).toBe(404);
  });

  it("lists users and gives one user's properties and counts", async () => {
    await inlet.database.prisma.user.create({
      data: { projectId: project.projectId, identifier: "bob" },
      select: { id: true },
    });
    const first = await get("/users?limit=1");
    const firstPage = (await first.json()) as {
      users: { identifier: string }[];
      nextCursor: string;
    };
    expect(firstPage.users.map((user) => user.identifier)).toEqual(["alice/ü 1"]);
    const second = (await (await get(`/users?limit=1&cursor=${firstPage.nextCursor}`)).json()) as {
      users: { identifier: string }[];
      nextCursor: string | null;
    };
    expect(second).toMatchObject({ users: [{ identifier: "bob" }], nextCursor: null });

    const response = await get(`/users/${encodeURIComponent("alice/ü 1")}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      identifier: "alice/ü 1",
      properties: { plan: "pro" },
      counts: { events: 2, visitors: 0 },
      firstEventAt: at(1).toISOString(),
      lastEventAt: at(3).toISOString(),
    });
    const missing = await get("/users/nobody");
    expect(missing.status).toBe(404);
    expect((await apiErrorOf(missing)).reason).toContain("no user");
    expect((await get("/users?limit=abc")).status).toBe(400);
  });

  it("counts events a user sent through ingestion", async () => {
    const sent = await postJson(inlet.url, "/e", {
      projectToken: project.token,
      name: "purchase",
      identifier: "carol",
    });
    expect(sent.status).toBe(200);
    expect(await (await get("/users/carol")).json()).toMatchObject({ counts: { events: 1 } });
    expect((await page("/events?user=carol")).events).toMatchObject([{ name: "purchase" }]);
  });

  it("answers 403 when the key lacks the route's scope, and 404 JSON for unknown routes", async () => {
    const { id, key: narrow } = await createTestKey(inlet.database, project.projectId);
    // No grant offered today lacks "read"; a key whose scopes were narrowed shows the check.
    await inlet.database.prisma.apiKey.update({ where: { id }, data: { scopes: ["delete"] } });
    const refused = await apiGet(inlet.url, "/events", narrow);
    expect(refused.status).toBe(403);
    expect((await apiErrorOf(refused)).reason).toContain("read scope");
    const unknown = await get("/nothing-here");
    expect(unknown.status).toBe(404);
    expect((await apiErrorOf(unknown)).reason).toBe("no such API route");
  });

  it("stops accepting a revoked key and says it was revoked", async () => {
    const { id, key: doomed } = await createTestKey(inlet.database, project.projectId);
    expect((await apiGet(inlet.url, "/events", doomed)).status).toBe(200);
    await inlet.database.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await expect
      .poll(async () => (await apiGet(inlet.url, "/events", doomed)).status, { timeout: 1_000 })
      .toBe(401);
    expect((await apiErrorOf(await apiGet(inlet.url, "/events", doomed))).reason).toBe(
      "API key revoked",
    );
  });

  it("describes every route in /openapi.json, and every described route exists", async () => {
    const response = await fetch(`${inlet.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: Record<string, { scheme: string }> };
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(document.components.securitySchemes.secretKey?.scheme).toBe("bearer");
    const paths = Object.keys(document.paths).filter((path) => path.startsWith("/api/v1/"));
    expect(paths).toEqual(
      expect.arrayContaining([
        "/api/v1/events",
        "/api/v1/events/export",
        "/api/v1/users",
        "/api/v1/users/{identifier}",
        "/api/v1/deletions/{deletionId}",
      ]),
    );
    expect(Object.keys(document.paths["/api/v1/users/{identifier}"] ?? {})).toContain("delete");
    for (const path of paths) {
      // Without a key every real route answers 401; an undescribed one would be a 404.
      const concrete = path.replace("{identifier}", "someone").replace("{deletionId}", "some-id");
      for (const method of Object.keys(document.paths[path] ?? {})) {
        const response = await fetch(`${inlet.url}${concrete}`, { method: method.toUpperCase() });
        expect(response.status, `${method} ${path}`).toBe(401);
      }
    }
  });
});
