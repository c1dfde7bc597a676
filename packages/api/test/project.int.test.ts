// project.*: list with 24-hour counts, get, create with its first token, rename, settings validation and delete with everything it owns.
import { randomUUID } from "node:crypto";
import { appRouter, PROJECT_TOKEN_PATTERN } from "@inlet/api";
import { TRPCError } from "@trpc/server";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import { ZodError } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  openTestDatabase,
  TestClock,
  type SignedIn,
  type TestApi,
  type TestDatabase,
} from "./caller.ts";
import {
  countEvents,
  createTestProject,
  insertEvents,
  insertUser,
  minutesBefore,
} from "./test-data.ts";

describe("project router", () => {
  let db: TestDatabase;
  let api: TestApi;
  let admin: SignedIn;
  const clock = new TestClock(Date.parse("2031-05-06T12:00:00.000Z"));

  beforeAll(async () => {
    db = await openTestDatabase();
    api = createTestApi(db.database, { clock });
    admin = await api.signIn();
  });
  afterAll(() => db.close());

  it("lists projects with the counted events of the last 24 hours only", async () => {
    const busy = await createTestProject(db.database);
    const quiet = await createTestProject(db.database);
    const now = clock.now();
    // Counters only, no event rows: the list must read the counters.
    await countEvents(
      db.database,
      busy.projectId,
      [1, 60, 23 * 60 + 59, 24 * 60, 24 * 60 + 1, 3 * 24 * 60].map((minutes) =>
        minutesBefore(now, minutes),
      ),
    );
    const list = await admin.caller.project.list();
    const busyRow = list.find((project) => project.id === busy.projectId);
    expect(busyRow).toMatchObject({ allowedOrigins: [], filterBots: true, eventsLast24h: 4 });
    expect(list.find((project) => project.id === quiet.projectId)?.eventsLast24h).toBe(0);

    clock.advance(24 * 3600 * 1000);
    const dayLater = await admin.caller.project.list();
    expect(dayLater.find((project) => project.id === busy.projectId)?.eventsLast24h).toBe(0);
    clock.set(now);
  });

  it("gets one project, and NOT_FOUND for an unknown id", async () => {
    const { projectId } = await createTestProject(db.database, "get me");
    expect(await admin.caller.project.get({ projectId })).toEqual({
      id: projectId,
      name: "get me",
      allowedOrigins: [],
      filterBots: true,
      retentionDays: null,
      createdAt: expect.any(Date) as Date,
    });
    await expect(admin.caller.project.get({ projectId: randomUUID() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("creates a project with its first token", async () => {
    const created = await admin.caller.project.create({ name: "  Shop  " });
    expect(created.project.name).toBe("Shop");
    expect(created.token).toMatch(/^proj_[A-Za-z0-9]{24,}$/);
    expect(created.token).toMatch(PROJECT_TOKEN_PATTERN);
    const tokens = await db.database.prisma.projectToken.findMany({
      where: { projectId: created.project.id },
    });
    expect(tokens).toMatchObject([{ token: created.token, revokedAt: null, expiresAt: null }]);
  });

  it("renames a project, and NOT_FOUND for an unknown id", async () => {
    const { projectId } = await createTestProject(db.database);
    expect(await admin.caller.project.rename({ projectId, name: " Renamed " })).toEqual({
      id: projectId,
      name: "Renamed",
    });
    expect((await admin.caller.project.get({ projectId })).name).toBe("Renamed");
    await expect(
      admin.caller.project.rename({ projectId: randomUUID(), name: "x" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("updates settings, deduplicating origins", async () => {
    const { projectId } = await createTestProject(db.database);
    const settings = {
      projectId,
      allowedOrigins: ["https://a.example", "http://localhost:5173", "https://a.example"],
      filterBots: false,
    };
    expect(await admin.caller.project.updateSettings(settings)).toEqual({
      allowedOrigins: ["https://a.example", "http://localhost:5173"],
      filterBots: false,
    });
    expect(await admin.caller.project.get({ projectId })).toMatchObject({
      allowedOrigins: ["https://a.example", "http://localhost:5173"],
      filterBots: false,
    });
  });

  it("refuses an origin with a path, carrying zod's issues, and changes nothing", async () => {
    const { projectId } = await createTestProject(db.database);
    const input = {
      projectId,
      allowedOrigins: ["https://ok.example", "https://a.example/path"],
      filterBots: false,
    };
    const error = await admin.caller.project.updateSettings(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    const cause = (error as TRPCError).cause;
    expect(cause).toBeInstanceOf(ZodError);
    expect((cause as ZodError).issues).toMatchObject([
      { path: ["allowedOrigins", 1], message: expect.stringContaining("origin") as string },
    ]);
    // Over HTTP the error formatter passes the same issues to the dashboard.
    const shape = getErrorShape({
      config: appRouter._def._config,
      error: error as TRPCError,
      type: "mutation",
      path: "project.updateSettings",
      input,
      ctx: undefined,
    });
    expect(shape.data.zodIssues).toMatchObject([{ path: ["allowedOrigins", 1] }]);
    expect(await admin.caller.project.get({ projectId })).toMatchObject({
      allowedOrigins: [],
      filterBots: true,
    });
  });

  it("deletes only with the exact name, taking tokens, users and events with it", async () => {
    const doomed = await createTestProject(db.database, `doomed ${randomUUID()}`);
    const bystander = await createTestProject(db.database);
    const { projectId } = doomed;
    const name = (await admin.caller.project.get({ projectId })).name;
    await admin.caller.token.create({ projectId, label: "second" });
    const user = await insertUser(db.database, projectId, "u-1", "User One");
    await db.database.prisma.anonymousLink.create({
      data: { projectId, anonymousId: "anon-1", userId: user.id },
    });
    await insertEvents(db.database, projectId, [
      { occurredAt: clock.now(), userId: user.id, tokenId: doomed.tokenId },
      { occurredAt: clock.now() },
    ]);
    await insertEvents(db.database, bystander.projectId, [{ occurredAt: clock.now() }]);

    for (const confirmName of ["", name.toUpperCase(), `${name} `, "doomed"]) {
      await expect(admin.caller.project.delete({ projectId, confirmName })).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    }
    const prisma = db.database.prisma;
    const counts = async (id: string) => ({
      projects: await prisma.project.count({ where: { id } }),
      tokens: await prisma.projectToken.count({ where: { projectId: id } }),
      users: await prisma.user.count({ where: { projectId: id } }),
      links: await prisma.anonymousLink.count({ where: { projectId: id } }),
      events: await prisma.event.count({ where: { projectId: id } }),
    });
    expect(await counts(projectId)).toEqual({
      projects: 1,
      tokens: 2,
      users: 1,
      links: 1,
      events: 2,
    });

    expect(await admin.caller.project.delete({ projectId, confirmName: name })).toEqual({
      deleted: true,
    });
    expect(await counts(projectId)).toEqual({
      projects: 0,
      tokens: 0,
      users: 0,
      links: 0,
      events: 0,
    });
    expect(await counts(bystander.projectId)).toMatchObject({ projects: 1, tokens: 1, events: 1 });
    await expect(admin.caller.project.get({ projectId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      admin.caller.project.delete({ projectId, confirmName: name }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
