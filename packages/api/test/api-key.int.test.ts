// apiKey.*: create shows the key once and stores only its hash, list never shows it, revoke once; each change is audited.
import { randomUUID } from "node:crypto";
import { hashSecretKey } from "@inlet/api";
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

describe("apiKey router", () => {
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

  it("creates a key shown once, stored as its hash", async () => {
    const { projectId } = await createTestProject(db.database);
    const created = await admin.caller.apiKey.create({
      projectId,
      label: " exporter ",
      grant: "read,delete",
    });
    expect(created.key).toMatch(/^sk_[A-Za-z0-9]{32}$/);
    expect(created).toMatchObject({
      prefix: created.key.slice(0, 11),
      label: "exporter",
      scopes: ["read", "delete"],
      createdAt: clock.now(),
      lastUsedAt: null,
      revokedAt: null,
    });
    const row = await db.database.prisma.apiKey.findUniqueOrThrow({
      where: { id: created.id },
      select: { keyHash: true, prefix: true },
    });
    expect(row.keyHash).toBe(hashSecretKey(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key);

    const list = await admin.caller.apiKey.list({ projectId });
    expect(list).toHaveLength(1);
    expect(list[0]).not.toHaveProperty("key");
    expect(JSON.stringify(list)).not.toContain(created.key);
    const readOnly = await admin.caller.apiKey.create({ projectId, label: "", grant: "read" });
    expect(readOnly.scopes).toEqual(["read"]);
    expect(readOnly.key).not.toBe(created.key);
  });

  it("refuses keys for a missing project and bad grants", async () => {
    await expect(
      admin.caller.apiKey.create({ projectId: randomUUID(), label: "", grant: "read" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const { projectId } = await createTestProject(db.database);
    await expect(
      admin.caller.apiKey.create({
        projectId,
        label: "",
        grant: "delete" as unknown as "read",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("revokes a key once and audits create and revoke without the key", async () => {
    const { projectId } = await createTestProject(db.database);
    const created = await admin.caller.apiKey.create({ projectId, label: "ci", grant: "read" });
    expect(await admin.caller.apiKey.revoke({ keyId: created.id })).toEqual({ revoked: true });
    const [listed] = await admin.caller.apiKey.list({ projectId });
    expect(listed?.revokedAt).toEqual(clock.now());
    await expect(admin.caller.apiKey.revoke({ keyId: created.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const entries = await db.database.prisma.auditEntry.findMany({
      where: { targetId: created.id },
      orderBy: { id: "asc" },
      select: { action: true, actorEmail: true, summary: true, details: true },
    });
    expect(entries.map((entry) => entry.action)).toEqual(["api_key.create", "api_key.revoke"]);
    expect(entries[0]).toMatchObject({ actorEmail: admin.email });
    expect(entries[0]?.summary).toContain('"ci"');
    expect(JSON.stringify(entries)).not.toContain(created.key);
    expect(JSON.stringify(entries)).toContain(created.prefix);
  });
});
