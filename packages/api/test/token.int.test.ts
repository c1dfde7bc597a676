// token.*: list with status, create, revoke, rotate with a grace period, and the token format (the ingest side of rotation: apps/server/test/token-rotation).
import { randomUUID } from "node:crypto";
import { generateProjectToken } from "@inlet/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
      [created.id, "CI", "active"],
      [tokenId, "Default", "active"],
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
    // After the project's token was made (at the database's time), as a real rotation is.
    clock.set(Date.now() + 1_000);
    const start = clock.now();
    const rotated = await admin.caller.token.rotate({ tokenId, graceSeconds: 60 });
    const graceEnd = new Date(start.getTime() + 60_000);
    expect(rotated.oldTokenExpiresAt).toEqual(graceEnd);
    expect(rotated.successor).toMatchObject({
      label: `Default (rotated ${start.toISOString().slice(0, 16).replace("T", " ")} UTC)`,
      expiresAt: null,
      revokedAt: null,
    });
    // The successor, which is the one to use, is listed first.
    expect((await admin.caller.token.list({ projectId }))[0]?.id).toBe(rotated.successor.id);
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

  it("generates unique tokens of the documented format", () => {
    const tokens = Array.from({ length: 1_000 }, () => generateProjectToken());
    for (const token of tokens) expect(token).toMatch(TOKEN_FORMAT);
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});
