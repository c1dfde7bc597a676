// token.*: list with status, create, revoke, rotate with a grace period (also as the ingest TokenCache sees it), and the token format.
import { randomUUID } from "node:crypto";
import { generateProjectToken } from "@inlet/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenCache } from "../../../apps/server/src/ingest/token-cache.ts";
import {
  createTestApi,
  openTestDatabase,
  TestClock,
  type SignedIn,
  type TestApi,
  type TestDatabase,
} from "./caller.ts";
import { createTestProject } from "./test-data.ts";

const TOKEN_FORMAT = /^proj_[A-Za-z0-9]{24,}$/;

/** The id of the token the ingest edge admits, or null when it refuses it. */
async function admitted(cache: TokenCache, token: string): Promise<string | null> {
  // Accepts both shapes resolve() has had: the token or null, and { valid, token }.
  const result = (await cache.resolve(token)) as unknown as
    { valid: boolean; token?: { tokenId: string } } | { tokenId: string } | null;
  if (result && "valid" in result) return result.valid ? (result.token?.tokenId ?? null) : null;
  return result?.tokenId ?? null;
}

describe("token router", () => {
  let db: TestDatabase;
  let api: TestApi;
  let admin: SignedIn;
  const clock = new TestClock();

  beforeAll(async () => {
    db = await openTestDatabase();
    api = createTestApi(db.database, { clock });
    admin = await api.signIn();
  });
  afterAll(() => db.close());

  it("creates labelled tokens and lists every token with its status", async () => {
    const { projectId, tokenId } = await createTestProject(db.database);
    clock.set(Date.now() + 1_000);
    const created = await admin.caller.token.create({ projectId, label: "  CI  " });
    expect(created).toEqual({
      id: expect.any(String) as string,
      token: expect.stringMatching(TOKEN_FORMAT) as string,
      label: "CI",
      createdAt: clock.now(),
      lastUsedAt: null,
      revokedAt: null,
      expiresAt: null,
    });
    const list = await admin.caller.token.list({ projectId });
    expect(list.map((token) => [token.id, token.label, token.status])).toEqual([
      [tokenId, "Default", "active"],
      [created.id, "CI", "active"],
    ]);
    await expect(
      admin.caller.token.create({ projectId: randomUUID(), label: "orphan" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("revokes a token once", async () => {
    const { projectId, tokenId } = await createTestProject(db.database);
    expect(await admin.caller.token.revoke({ tokenId })).toEqual({ revoked: true });
    const [token] = await admin.caller.token.list({ projectId });
    expect(token).toMatchObject({ status: "revoked", revokedAt: clock.now() });
    await expect(admin.caller.token.revoke({ tokenId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(admin.caller.token.revoke({ tokenId: randomUUID() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(admin.caller.token.rotate({ tokenId, graceSeconds: 60 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("rotates with a grace period: the old token is expiring, then expired", async () => {
    const { projectId, tokenId } = await createTestProject(db.database);
    const start = clock.now();
    const rotated = await admin.caller.token.rotate({ tokenId, graceSeconds: 60 });
    const graceEnd = new Date(start.getTime() + 60_000);
    expect(rotated.oldTokenExpiresAt).toEqual(graceEnd);
    expect(rotated.successor).toMatchObject({ label: "Default", expiresAt: null, revokedAt: null });
    expect(rotated.successor.token).toMatch(TOKEN_FORMAT);

    const statuses = async () =>
      Object.fromEntries(
        (await admin.caller.token.list({ projectId })).map((t) => [t.id, [t.status, t.expiresAt]]),
      );
    expect(await statuses()).toEqual({
      [tokenId]: ["expiring", graceEnd],
      [rotated.successor.id]: ["active", null],
    });
    clock.advance(59_999);
    expect((await statuses())[tokenId]).toEqual(["expiring", graceEnd]);
    clock.advance(1);
    expect(await statuses()).toEqual({
      [tokenId]: ["expired", graceEnd],
      [rotated.successor.id]: ["active", null],
    });
    await expect(admin.caller.token.rotate({ tokenId, graceSeconds: 60 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("makes the ingest edge honour the grace period on the same clock", async () => {
    const { token, tokenId } = await createTestProject(db.database);
    const cache = new TokenCache(db.database.prisma, { now: clock.nowMs });
    expect(await admitted(cache, token)).toBe(tokenId);

    const { successor } = await admin.caller.token.rotate({ tokenId, graceSeconds: 60 });
    clock.advance(1_000);
    expect(await admitted(cache, token)).toBe(tokenId);
    expect(await admitted(cache, successor.token)).toBe(successor.id);
    clock.advance(58_999);
    expect(await admitted(cache, token)).toBe(tokenId);
    clock.advance(1);
    expect(await admitted(cache, token)).toBeNull();
    const freshCache = new TokenCache(db.database.prisma, { now: clock.nowMs });
    expect(await admitted(freshCache, token)).toBeNull();
    expect(await admitted(cache, successor.token)).toBe(successor.id);
  });

  it("stops a token rotated with no grace at once", async () => {
    const { token, tokenId } = await createTestProject(db.database);
    const cache = new TokenCache(db.database.prisma, { now: clock.nowMs });
    await admin.caller.token.rotate({ tokenId, graceSeconds: 0 });
    expect(await admitted(cache, token)).toBeNull();
  });

  it("generates unique tokens of the documented format", () => {
    const tokens = Array.from({ length: 1_000 }, () => generateProjectToken());
    for (const token of tokens) expect(token).toMatch(TOKEN_FORMAT);
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});
