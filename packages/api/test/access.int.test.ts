// Every procedure (found by walking the router) refuses strangers with UNAUTHORIZED and signed-in roles without the right with FORBIDDEN; every mutation refuses cross-site calls.
import { randomUUID } from "node:crypto";
import { appRouter, type AdminRole } from "@inlet/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  openTestDatabase,
  type Caller,
  type TestApi,
  type TestDatabase,
} from "./caller.ts";
import { createTestProject } from "./test-data.ts";

/**
 * The access policy, written out by hand: the test fails when a procedure is added without
 * being listed here, so each new one gets a deliberate decision.
 */
const REQUIRED_ROLE: Record<string, AdminRole | "public"> = {
  "auth.session": "public",
  "auth.bootstrap": "public",
  "auth.login": "public",
  "auth.logout": "viewer",
  "link.inspect": "public",
  "link.acceptInvitation": "public",
  "link.resetPassword": "public",
  "account.changePassword": "viewer",
  "account.sessions": "viewer",
  "account.endSession": "viewer",
  "project.list": "viewer",
  "project.get": "viewer",
  "project.create": "admin",
  "project.rename": "admin",
  "project.updateSettings": "admin",
  "project.setRetention": "admin",
  "project.delete": "owner",
  "token.list": "viewer",
  "token.create": "admin",
  "token.revoke": "admin",
  "token.rotate": "admin",
  "apiKey.list": "viewer",
  "apiKey.create": "admin",
  "apiKey.revoke": "admin",
  "event.list": "viewer",
  "event.get": "viewer",
  "user.list": "viewer",
  "user.get": "viewer",
  "user.delete": "admin",
  "user.deletionStatus": "viewer",
  "suppression.list": "viewer",
  "suppression.remove": "admin",
  "stats.eventsPerMinute": "viewer",
  "stats.replication": "viewer",
  "catalog.list": "viewer",
  "live.events": "viewer",
  "instance.connection": "viewer",
  "unmatched.requests": "admin",
  "invitation.list": "admin",
  "invitation.create": "admin",
  "invitation.revoke": "admin",
  "team.list": "owner",
  "team.changeRole": "owner",
  "team.remove": "owner",
  "team.createResetLink": "owner",
  "audit.list": "owner",
  "audit.export": "owner",
};
const PUBLIC_PROCEDURES = Object.keys(REQUIRED_ROLE).filter((p) => REQUIRED_ROLE[p] === "public");
const KNOWN_PROCEDURE_COUNT = 47;
const RANK: Record<AdminRole, number> = { viewer: 0, admin: 1, owner: 2 };

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
      deletionId: randomUUID(),
      identifier: "nobody-in-particular",
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
      retentionDays: 1,
      adminId: randomUUID(),
      invitationId: randomUUID(),
      sessionId: randomUUID(),
      email: "stranger@evil.example",
      role: "owner",
      currentPassword: "whatever it is",
      newPassword: "a new long password",
    };
  });
  afterAll(() => db.close());

  it("finds every procedure of the router", () => {
    expect(procedures.length).toBeGreaterThanOrEqual(KNOWN_PROCEDURE_COUNT);
    expect(procedures.map((p) => p.path).sort()).toEqual(
      Object.keys(appRouter._def.procedures).sort(),
    );
    expect(procedures.map((p) => p.type)).toContain("subscription");
    expect(procedures.map((p) => p.path).sort()).toEqual(Object.keys(REQUIRED_ROLE).sort());
  });

  it("refuses each role what it lacks (FORBIDDEN) and lets it past the check otherwise", async () => {
    const failures: string[] = [];
    for (const role of ["viewer", "admin", "owner"] as const) {
      const signedIn = await api.signInAs(role);
      for (const { path } of procedures) {
        const needed = REQUIRED_ROLE[path];
        if (!needed || needed === "public") continue;
        const allowed = RANK[role] >= RANK[needed];
        // Refused calls carry valid input, so only the role can be the reason. Allowed ones
        // carry input no procedure accepts: reaching validation proves the role passed,
        // without deleting or revoking anything.
        const result = await outcome(signedIn.caller, path, allowed ? 42 : validForAll);
        const expected = allowed ? "BAD_REQUEST" : "FORBIDDEN";
        if (result !== expected) failures.push(`${role} ${path}: ${result}, expected ${expected}`);
      }
      expect(await signedIn.caller.auth.session()).toMatchObject({ admin: { role } });
    }
    expect(failures).toEqual([]);
  });

  it("applies a role change to an existing session on its next call", async () => {
    const viewer = await api.signInAs("viewer");
    const name = `by a promoted viewer ${randomUUID()}`;
    await expect(viewer.caller.project.create({ name })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await db.database.prisma.admin.update({
      where: { email: viewer.email },
      data: { role: "admin" },
    });
    await expect(viewer.caller.project.create({ name })).resolves.toMatchObject({
      project: { name },
    });
    await db.database.prisma.admin.delete({ where: { email: viewer.email } });
    await expect(viewer.caller.project.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("refuses every non-public procedure without a valid session, whatever the input", async () => {
    const protectedOnes = procedures.filter((p) => !PUBLIC_PROCEDURES.includes(p.path));
    expect(protectedOnes.length).toBeGreaterThanOrEqual(
      KNOWN_PROCEDURE_COUNT - PUBLIC_PROCEDURES.length,
    );
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
