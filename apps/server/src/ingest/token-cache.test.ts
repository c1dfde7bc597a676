// The token cache's timing: when a lookup is used, refreshed behind the requests, or awaited.
import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@inlet/db";
import { TokenCache } from "./token-cache.ts";

interface TokenRow {
  id: string;
  revokedAt: Date | null;
  expiresAt: Date | null;
  project: {
    id: string;
    allowedOrigins: string[];
    filterBots: boolean;
    suppressionVersion: number;
  };
}

/** A database of one token whose lookups the test answers one at a time. */
function fakeDatabase() {
  let revokedAt: Date | null = null;
  const answers: (() => void)[] = [];
  const findUnique = () =>
    new Promise<TokenRow>((resolve) =>
      answers.push(() =>
        resolve({
          id: "token-1",
          revokedAt,
          expiresAt: null,
          project: {
            id: "project-1",
            allowedOrigins: [],
            filterBots: false,
            suppressionVersion: 0,
          },
        }),
      ),
    );
  const prisma = { projectToken: { findUnique } } as unknown as PrismaClient;
  return {
    prisma,
    revoke: () => (revokedAt = new Date()),
    /** Lookups asked and not answered yet. */
    pendingLookups: () => answers.length,
    /** Answers every lookup asked so far, then lets their continuations run. */
    answer: async () => {
      for (const next of answers.splice(0)) next();
      await new Promise((resolve) => setImmediate(resolve));
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
    expect(database.pendingLookups()).toBe(1);
    await database.answer();
    expect((await first).valid).toBe(true);

    nowMs = 399;
    expect(cache.cached("proj_a")?.valid).toBe(true);
    expect(database.pendingLookups()).toBe(0);

    // Old enough: still used, and one refresh starts however many requests ask.
    database.revoke();
    nowMs = 400;
    expect(cache.cached("proj_a")?.valid).toBe(true);
    expect(cache.cached("proj_a")?.valid).toBe(true);
    expect(database.pendingLookups()).toBe(1);
    await database.answer();
    expect(cache.cached("proj_a")?.valid).toBe(false);
  });

  it("awaits a new lookup once the TTL has passed", async () => {
    const database = fakeDatabase();
    let nowMs = 0;
    const cache = new TokenCache(database.prisma, { now: () => nowMs });
    const first = cache.resolve("proj_a");
    await database.answer();
    await first;

    database.revoke();
    nowMs = 800;
    expect(cache.cached("proj_a")).toBeNull();
    const next = cache.resolve("proj_a");
    await database.answer();
    expect((await next).valid).toBe(false);
  });
});
