// The token cache's timing: when a lookup is used, refreshed behind the requests (the tokens in use together), or awaited.
import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@inlet/db";
import { TokenCache } from "./token-cache.ts";

/** A database of tokens whose lookups the test answers (or fails) when it chooses. */
function fakeDatabase() {
  const revoked = new Set<string>();
  const asked: { tokens: string[]; answer: () => void; fail: () => void }[] = [];
  const rowOf = (token: string) => ({
    token,
    id: `id-${token}`,
    revokedAt: revoked.has(token) ? new Date() : null,
    expiresAt: null,
    project: { id: "project-1", allowedOrigins: [], filterBots: false, suppressionVersion: 0 },
  });
  const lookup = <T>(tokens: string[], rows: (found: ReturnType<typeof rowOf>[]) => T) =>
    new Promise<T>((resolve, reject) =>
      asked.push({
        tokens,
        answer: () => resolve(rows(tokens.map(rowOf))),
        fail: () => reject(new Error("database down")),
      }),
    );
  const projectToken = {
    findUnique: ({ where }: { where: { token: string } }) =>
      lookup([where.token], (rows) => rows[0]),
    findMany: ({ where }: { where: { token: { in: string[] } } }) =>
      lookup(where.token.in, (rows) => rows),
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    prisma: { projectToken } as unknown as PrismaClient,
    revoke: (token: string) => revoked.add(token),
    /** The tokens of each lookup asked and not answered yet. */
    pendingLookups: () => asked.map((query) => query.tokens),
    /** Answers every lookup asked so far, then lets their continuations run. */
    answer: async () => {
      for (const query of asked.splice(0)) query.answer();
      await settle();
    },
    fail: async () => {
      for (const query of asked.splice(0)) query.fail();
      await settle();
    },
  };
}

describe("TokenCache", () => {
  it("uses a lookup until the TTL, refreshing it in the background past the refresh age", async () => {
    const database = fakeDatabase();
    let nowMs = 0;
    const cache = new TokenCache(database.prisma, {
      ttlMs: 800,
      refreshAfterMs: 400,
      now: () => nowMs,
    });
    const first = cache.resolve("proj_a");
    expect(database.pendingLookups()).toEqual([["proj_a"]]);
    await database.answer();
    expect((await first).valid).toBe(true);

    nowMs = 399;
    expect(cache.cached("proj_a")?.valid).toBe(true);
    expect(database.pendingLookups()).toEqual([]);

    // Old enough: still used, and one refresh starts however many requests ask.
    database.revoke("proj_a");
    nowMs = 400;
    expect(cache.cached("proj_a")?.valid).toBe(true);
    expect(cache.cached("proj_a")?.valid).toBe(true);
    expect(database.pendingLookups()).toEqual([["proj_a"]]);
    await database.answer();
    expect(cache.cached("proj_a")?.valid).toBe(false);
  });

  it("refreshes every token used since its lookup in one query, and lets the others expire", async () => {
    const database = fakeDatabase();
    let nowMs = 0;
    const cache = new TokenCache(database.prisma, { now: () => nowMs });
    const tokens = Array.from({ length: 20 }, (_, i) => `proj_${i}`);
    const resolved = tokens.map((token) => cache.resolve(token));
    await database.answer();
    await Promise.all(resolved);

    nowMs = 100;
    const inUse = tokens.slice(0, 10);
    for (const token of inUse) expect(cache.cached(token)?.valid).toBe(true);
    expect(database.pendingLookups()).toEqual([]);

    nowMs = 450;
    expect(cache.cached("proj_3")?.valid).toBe(true);
    expect(cache.cached("proj_7")?.valid).toBe(true);
    expect(database.pendingLookups()).toEqual([inUse]);
    await database.answer();

    // Refreshed at 450, so still fresh at 900; the tokens nobody used since 0 are not.
    nowMs = 900;
    for (const token of inUse) expect(cache.cached(token)?.valid).toBe(true);
    for (const token of tokens.slice(10)) expect(cache.cached(token)).toBeNull();
  });

  it("awaits a new lookup once the TTL has passed, also after a failed refresh", async () => {
    const database = fakeDatabase();
    let nowMs = 0;
    const cache = new TokenCache(database.prisma, { now: () => nowMs });
    const first = cache.resolve("proj_a");
    await database.answer();
    await first;

    nowMs = 500;
    expect(cache.cached("proj_a")?.valid).toBe(true);
    await database.fail();

    database.revoke("proj_a");
    nowMs = 800;
    expect(cache.cached("proj_a")).toBeNull();
    const next = cache.resolve("proj_a");
    expect(database.pendingLookups()).toEqual([["proj_a"]]);
    await database.answer();
    expect((await next).valid).toBe(false);
  });
});
