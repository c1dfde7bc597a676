// Anonymous ids (cookie and cookieless), identify merges, user property operations and their concurrency.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";
import { DailySalt } from "../src/ingest/daily-salt.ts";

let inlet: TestInlet;
beforeAll(async () => {
  inlet = await startTestInlet();
});
afterAll(() => inlet.close());

async function newProject() {
  const project = await createTestProject(inlet.database);
  const send = (
    path: string,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) => postJson(inlet.url, path, { projectToken: project.token, ...body }, headers);
  const eventsOf = () =>
    inlet.database.prisma.event.findMany({
      where: { projectId: project.projectId },
      orderBy: { receivedAt: "asc" },
      select: { name: true, anonymousId: true, user: { select: { identifier: true } } },
    });
  const userOf = (identifier: string) =>
    inlet.database.prisma.user.findUnique({
      where: { projectId_identifier: { projectId: project.projectId, identifier } },
      select: { displayName: true, avatarUrl: true, properties: true },
    });
  return { ...project, send, eventsOf, userOf };
}

describe("anonymous ids", () => {
  it("sets a first-party _vuid cookie when cookies are allowed, then reuses it", async () => {
    const project = await newProject();
    const first = await project.send("/e", { name: "a" }, { "allow-cookies": "true" });
    const cookie = first.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(
      /^_vuid=[A-Za-z0-9_-]{22}; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=None$/,
    );
    const visitor = cookie.split(";")[0] ?? "";
    const second = await project.send(
      "/e",
      { name: "b" },
      { "allow-cookies": "true", cookie: visitor },
    );
    expect(second.headers.get("set-cookie")).toBeNull();
    // Beacons cannot set headers, so the SDK puts Allow-Cookies in the body.
    await project.send("/e", { name: "c", "Allow-Cookies": true }, { cookie: visitor });
    const ids = (await project.eventsOf()).map((event) => event.anonymousId);
    expect(ids).toEqual([
      visitor.slice("_vuid=".length),
      visitor.slice("_vuid=".length),
      visitor.slice("_vuid=".length),
    ]);
  });

  it("replaces a forged cookie instead of storing it", async () => {
    const project = await newProject();
    const response = await project.send(
      "/e",
      { name: "a" },
      { "allow-cookies": "true", cookie: "_vuid=<script>" },
    );
    expect(response.headers.get("set-cookie")).toMatch(/^_vuid=[A-Za-z0-9_-]{22};/);
    expect((await project.eventsOf())[0]?.anonymousId).not.toContain("<");
  });

  it("derives a cookieless id from IP and User-Agent without storing the IP", async () => {
    const project = await newProject();
    await project.send("/e", { name: "a" }, { "user-agent": "agent-one" });
    await project.send("/e", { name: "b" }, { "user-agent": "agent-one" });
    await project.send("/e", { name: "c" }, { "user-agent": "agent-two" });
    const [a, b, c] = (await project.eventsOf()).map((event) => event.anonymousId);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    const rows = await inlet.database.prisma.$queryRaw<{ row: string }[]>`
      SELECT row_to_json(e)::text AS row FROM events e WHERE project_id = ${project.projectId}::uuid`;
    for (const { row } of rows) expect(row).not.toContain("127.0.0.1");
  });

  it("ignores X-Forwarded-For unless a trusted proxy is configured", async () => {
    const project = await newProject();
    await project.send("/e", { name: "a" }, { "x-forwarded-for": "203.0.113.1" });
    await project.send("/e", { name: "b" }, { "x-forwarded-for": "203.0.113.2" });
    const [a, b] = (await project.eventsOf()).map((event) => event.anonymousId);
    expect(a).toBe(b);

    // A second process on this database needs PostgreSQL: PGlite allows one per directory.
    if (inlet.database.kind === "pglite") return;
    const behindProxy = await startTestInlet({
      trustProxy: true,
      databaseUrl: inlet.database.postgresUrl ?? undefined,
    });
    try {
      const other = await createTestProject(behindProxy.database);
      const headers = (ip: string) => ({ "x-forwarded-for": ip });
      await postJson(
        behindProxy.url,
        "/e",
        { projectToken: other.token, name: "a" },
        headers("203.0.113.1"),
      );
      await postJson(
        behindProxy.url,
        "/e",
        { projectToken: other.token, name: "b" },
        headers("203.0.113.2"),
      );
      const ids = await behindProxy.database.prisma.event.findMany({
        where: { projectId: other.projectId },
        select: { anonymousId: true },
      });
      expect(new Set(ids.map((row) => row.anonymousId)).size).toBe(2);
    } finally {
      await behindProxy.close();
    }
  });

  it("rotates the salt each UTC day and forgets old salts", async () => {
    let now = new Date("2026-01-01T23:59:00Z");
    const salt = new DailySalt(inlet.database.prisma, () => now.getTime());
    const dayOne = await salt.get();
    expect(await new DailySalt(inlet.database.prisma, () => now.getTime()).get()).toBe(dayOne);
    expect(salt.cached()).toBe(dayOne);
    now = new Date("2026-01-02T00:01:00Z");
    expect(salt.cached()).toBeNull();
    const dayTwo = await salt.get();
    expect(dayTwo).not.toBe(dayOne);
    now = new Date("2026-01-04T00:01:00Z");
    await salt.get();
    const days = await inlet.database.prisma.dailySalt.findMany({
      where: { day: { startsWith: "2026-01" } },
      select: { day: true },
    });
    expect(days.map((row) => row.day)).not.toContain("2026-01-01");
  });
});

describe("identify and user properties", () => {
  it("merges a visitor's earlier anonymous events into the user on /i", async () => {
    const project = await newProject();
    const visitor = { "user-agent": "merge-test" };
    await project.send("/e", { name: "before-1" }, visitor);
    await project.send("/e", { name: "before-2" }, visitor);
    expect(
      (await project.send("/i", { identifier: "u-merge", displayName: "Merged" }, visitor)).status,
    ).toBe(200);
    await project.send("/e", { name: "after" }, visitor);
    const events = await project.eventsOf();
    expect(events.map((event) => [event.name, event.user?.identifier])).toEqual([
      ["before-1", "u-merge"],
      ["before-2", "u-merge"],
      ["after", "u-merge"],
    ]);
    expect((await project.userOf("u-merge"))?.displayName).toBe("Merged");
  });

  it("applies set, setOnce and unset, and updates name and avatar", async () => {
    const project = await newProject();
    const id = { identifier: "u-props" };
    await project.send("/u", {
      ...id,
      data: { set: { plan: "free", seats: 1 }, setOnce: { first: "a" } },
    });
    await project.send("/u", {
      ...id,
      displayName: "Ada",
      avatarUrl: "https://example.com/ada.png",
      data: { set: { plan: "pro" }, setOnce: { first: "b", source: "ads" }, unset: ["seats"] },
    });
    expect(await project.userOf("u-props")).toEqual({
      displayName: "Ada",
      avatarUrl: "https://example.com/ada.png",
      properties: { plan: "pro", first: "a", source: "ads" },
    });
  });

  it("refuses /u with a reason when no user can be found", async () => {
    const project = await newProject();
    const response = await project.send(
      "/u",
      { data: { set: { a: 1 } } },
      { "user-agent": "nobody" },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("x-inlet-reason")).toMatch(/no user found/);
  });

  it("loses no update when /i, /u and /e with userData race for one user", async () => {
    const project = await newProject();
    const requests = Array.from({ length: 60 }, (_, i) => {
      const set = { [`key_${i}`]: i };
      if (i % 3 === 0) return project.send("/i", { identifier: "u-race", data: { set } });
      if (i % 3 === 1)
        return project.send("/u", { identifier: "u-race", data: { set, setOnce: { winner: i } } });
      return project.send("/e", {
        name: "race",
        identifier: "u-race",
        userData: { set, unset: ["gone"] },
      });
    });
    const statuses = (await Promise.all(requests)).map((response) => response.status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const properties = (await project.userOf("u-race"))?.properties as Record<string, unknown>;
    for (let i = 0; i < 60; i++) expect(properties[`key_${i}`]).toBe(i);
    expect(typeof properties.winner).toBe("number");
    expect(await project.eventsOf()).toHaveLength(20);
  });

  it("stores a retried event once when it carries an idempotency key", async () => {
    const project = await newProject();
    const first = await project.send("/e", { name: "once" }, { "idempotency-key": "order-42" });
    const retry = await project.send("/e", { name: "once" }, { "idempotency-key": "order-42" });
    const byBody = await project.send("/e", { name: "once", id: "order-43" });
    const byBodyRetry = await project.send("/e", { name: "once", id: "order-43" });
    expect([first, retry, byBody, byBodyRetry].map((response) => response.status)).toEqual([
      200, 200, 200, 200,
    ]);
    expect(await project.eventsOf()).toHaveLength(2);
  });
});
