// Every admin procedure refuses callers without a valid session (found by walking the router), and every mutation refuses cross-site calls.
import { randomUUID } from "node:crypto";
import { appRouter } from "@inlet/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  openTestDatabase,
  type Caller,
  type TestApi,
  type TestDatabase,
} from "./caller.ts";
import { createTestProject } from "./test-data.ts";

const PUBLIC_PROCEDURES = ["auth.session", "auth.bootstrap", "auth.login"];
const KNOWN_PROCEDURE_COUNT = 20;

interface Walked {
  path: string;
  type: string;
}

/** Every procedure in the router tree, nested routers included. */
function walk(record: Record<string, unknown>, prefix = ""): Walked[] {
  return Object.entries(record).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "function" && "_def" in value) {
      const { type } = (value as { _def: { type: string } })._def;
      return [{ path, type }];
    }
    return walk(value as Record<string, unknown>, path);
  });
}

const procedures = walk(appRouter._def.record);

/** Calls a procedure by its dotted path; subscriptions are read until their first item. */
async function outcome(caller: Caller, path: string, input: unknown): Promise<string> {
  let target: unknown = caller;
  for (const key of path.split(".")) target = (target as Record<string, unknown>)[key];
  try {
    const result: unknown = await (target as (input: unknown) => Promise<unknown>)(input);
    if (result && typeof result === "object" && Symbol.asyncIterator in result) {
      const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      const first = await iterator.next();
      await iterator.return?.();
      return first.done ? "ended" : "yielded";
    }
    return "resolved";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe("access control", () => {
  let db: TestDatabase;
  let api: TestApi;
  let project: Awaited<ReturnType<typeof createTestProject>>;
  let validForAll: Record<string, unknown>;

  beforeAll(async () => {
    db = await openTestDatabase();
    api = createTestApi(db.database);
    project = await createTestProject(db.database);
    // zod objects drop unknown keys, so this one object is valid input for most procedures:
    // only the session check can refuse it.
    validForAll = {
      projectId: project.projectId,
      tokenId: project.tokenId,
      eventId: randomUUID(),
      userId: randomUUID(),
      name: "renamed by nobody",
      confirmName: (
        await db.database.prisma.project.findUniqueOrThrow({
          where: { id: project.projectId },
        })
      ).name,
      label: "made by nobody",
      graceSeconds: 0,
      allowedOrigins: ["https://evil.example"],
      filterBots: false,
    };
  });
  afterAll(() => db.close());

  it("finds every procedure of the router", () => {
    expect(procedures.length).toBeGreaterThanOrEqual(KNOWN_PROCEDURE_COUNT);
    expect(procedures.map((p) => p.path).sort()).toEqual(
      Object.keys(appRouter._def.procedures).sort(),
    );
    expect(procedures.map((p) => p.type)).toContain("subscription");
  });

  it("refuses every non-public procedure without a valid session, whatever the input", async () => {
    const protectedOnes = procedures.filter((p) => !PUBLIC_PROCEDURES.includes(p.path));
    expect(protectedOnes.length).toBeGreaterThanOrEqual(KNOWN_PROCEDURE_COUNT - 3);
    const sessions = [null, "garbage", project.token, ""];
    const inputs = [undefined, null, 42, "garbage", {}, { projectId: "not-a-uuid" }, validForAll];
    const failures: string[] = [];
    for (const { path } of protectedOnes) {
      for (const sessionToken of sessions) {
        const signal = AbortSignal.timeout(2_000);
        const { caller } = api.caller({ sessionToken }, signal);
        for (const input of inputs) {
          const result = await outcome(caller, path, input);
          if (result !== "UNAUTHORIZED")
            failures.push(
              `${path} session=${sessionToken} input=${JSON.stringify(input)}: ${result}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);

    const after = await db.database.prisma.project.findUniqueOrThrow({
      where: { id: project.projectId },
      include: { tokens: true },
    });
    expect(after.name).toBe(validForAll.confirmName);
    expect(after.allowedOrigins).toEqual([]);
    expect(after.tokens).toHaveLength(1);
    expect(after.tokens[0]).toMatchObject({ revokedAt: null, expiresAt: null });
  });

  it("refuses every mutation from another site, signed in or not", async () => {
    const admin = await api.signIn();
    const mutations = procedures.filter((p) => p.type === "mutation");
    expect(mutations.length).toBeGreaterThanOrEqual(10);
    const crossSite = [
      { origin: "https://evil.example", host: "127.0.0.1:3000" },
      { origin: "null", host: "127.0.0.1:3000" },
      { fetchSite: "cross-site" },
    ];
    const failures: string[] = [];
    for (const { path } of mutations) {
      for (const request of crossSite) {
        const { caller } = api.caller({ ...request, sessionToken: admin.sessionToken });
        const result = await outcome(caller, path, validForAll);
        if (result !== "FORBIDDEN") failures.push(`${path} ${JSON.stringify(request)}: ${result}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await admin.caller.auth.session()).toMatchObject({ admin: { email: admin.email } });
  });

  it("refuses project.create cross-site and creates nothing; same-origin works", async () => {
    const admin = await api.signIn();
    const name = `cross-site ${randomUUID()}`;
    const evil = api.caller({
      sessionToken: admin.sessionToken,
      origin: "https://evil.example",
      host: "127.0.0.1:3000",
    }).caller;
    await expect(evil.project.create({ name })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const fetchSite = api.caller({ sessionToken: admin.sessionToken, fetchSite: "cross-site" });
    await expect(fetchSite.caller.project.create({ name })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await db.database.prisma.project.count({ where: { name } })).toBe(0);

    const sameOrigin = api.caller({
      sessionToken: admin.sessionToken,
      origin: "http://127.0.0.1:3000",
      host: "127.0.0.1:3000",
      fetchSite: "same-origin",
    }).caller;
    const created = await sameOrigin.project.create({ name });
    expect(created.project.name).toBe(name);
    expect(await db.database.prisma.project.count({ where: { name } })).toBe(1);
  });
});
