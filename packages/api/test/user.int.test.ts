// user.*: list with cursor pagination, case-insensitive search on identifier and display name, and one user's properties and latest events.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, openTestDatabase, type SignedIn, type TestDatabase } from "./caller.ts";
import { createTestProject, insertEvents, insertUser } from "./test-data.ts";

describe("user router", () => {
  let db: TestDatabase;
  let admin: SignedIn;
  let projectId: string;
  let otherProjectId: string;

  async function search(term: string | undefined, limit = 50): Promise<string[]> {
    const identifiers: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await admin.caller.user.list({ projectId, search: term, cursor, limit });
      identifiers.push(...result.users.map((user) => user.identifier));
      if (!result.nextCursor) return identifiers;
      cursor = result.nextCursor;
    }
    throw new Error("pagination did not end");
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    admin = await createTestApi(db.database).signIn();
    projectId = (await createTestProject(db.database)).projectId;
    otherProjectId = (await createTestProject(db.database)).projectId;
    await insertUser(db.database, projectId, "Alice.Smith", "Alice Smith");
    await insertUser(db.database, projectId, "bob", "Robert ALICEson");
    await insertUser(db.database, projectId, "carol");
    await insertUser(db.database, projectId, "dave_x", "Dave");
    await insertUser(db.database, projectId, "erin-100%", "Erin");
    await insertUser(db.database, otherProjectId, "alice-elsewhere", "Alice Elsewhere");
  });
  afterAll(() => db.close());

  it("lists a project's users by identifier, page by page", async () => {
    const all = ["Alice.Smith", "bob", "carol", "dave_x", "erin-100%"];
    expect(await search(undefined)).toEqual(all);
    expect(await search(undefined, 2)).toEqual(all);
    const page = await admin.caller.user.list({ projectId, limit: 5 });
    expect(page.nextCursor).toBeNull();
    expect(page.users[0]).toEqual({
      id: expect.any(String) as string,
      identifier: "Alice.Smith",
      displayName: "Alice Smith",
      avatarUrl: null,
      updatedAt: expect.any(Date) as Date,
    });
  });

  it("searches identifiers and display names, ignoring case", async () => {
    expect(await search("alice")).toEqual(["Alice.Smith", "bob"]);
    expect(await search("ALICE", 1)).toEqual(["Alice.Smith", "bob"]);
    expect(await search("  CaRoL ")).toEqual(["carol"]);
    expect(await search("smith")).toEqual(["Alice.Smith"]);
    expect(await search("nobody")).toEqual([]);
  });

  it("treats % and _ in a search as plain characters", async () => {
    expect(await search("_")).toEqual(["dave_x"]);
    expect(await search("%")).toEqual(["erin-100%"]);
  });

  it("gets a user with properties, event count and the latest 50 events", async () => {
    const user = await insertUser(db.database, projectId, `props-${randomUUID()}`, "Props", {
      plan: "pro",
      seats: 3,
      tags: ["a", "b"],
    });
    const base = Date.parse("2030-03-01T00:00:00.000Z");
    const ids = await insertEvents(
      db.database,
      projectId,
      Array.from({ length: 55 }, (_, i) => ({
        occurredAt: new Date(base + i * 1_000),
        userId: user.id,
        name: `step-${i}`,
      })),
    );
    const detail = await admin.caller.user.get({ projectId, userId: user.id });
    expect(detail).toMatchObject({
      id: user.id,
      identifier: user.identifier,
      displayName: "Props",
      avatarUrl: null,
      properties: { plan: "pro", seats: 3, tags: ["a", "b"] },
      eventCount: 55,
    });
    expect(detail.events.map((event) => event.id)).toEqual(ids.slice(5).reverse());
    expect(detail.events[0]).toMatchObject({
      name: "step-54",
      user: { id: user.id, identifier: user.identifier },
    });
  });

  it("answers NOT_FOUND for a user of another project or an unknown id", async () => {
    const elsewhere = await db.database.prisma.user.findFirstOrThrow({
      where: { projectId: otherProjectId },
    });
    await expect(admin.caller.user.get({ projectId, userId: elsewhere.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(admin.caller.user.get({ projectId, userId: randomUUID() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      (await admin.caller.user.get({ projectId: otherProjectId, userId: elsewhere.id })).identifier,
    ).toBe("alice-elsewhere");
  });
});
