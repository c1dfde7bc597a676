// The audit log: each admin change is recorded with who, when, address and what changed, never a secret; owners filter and download it; old entries are pruned no sooner than 90 days.
import { randomUUID } from "node:crypto";
import { pruneAudit } from "@inlet/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  errorCode,
  openFreshDatabase,
  uniqueEmail,
  type TestApi,
  type TestDatabase,
} from "./caller.ts";

describe("audit log", () => {
  let db: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    db = await openFreshDatabase();
    api = createTestApi(db.database);
  });
  afterAll(() => db.close());

  it("records each change with actor, address and details, and no secret", async () => {
    const from = { clientIp: "192.0.2.44" };
    const owner = await api.signInAs("owner", from);
    expect(
      await errorCode(
        api.caller(from).caller.auth.login({ email: owner.email, password: "wrong password" }),
      ),
    ).toBe("UNAUTHORIZED");
    const name = `Audited ${randomUUID()}`;
    const { project, token } = await owner.caller.project.create({ name });
    await owner.caller.project.rename({ projectId: project.id, name: `${name} 2` });
    await owner.caller.project.updateSettings({
      projectId: project.id,
      allowedOrigins: ["https://shop.example"],
      filterBots: false,
    });
    const created = await owner.caller.token.create({ projectId: project.id, label: "web" });
    const rotated = await owner.caller.token.rotate({ tokenId: created.id, graceSeconds: 60 });
    await owner.caller.token.revoke({ tokenId: rotated.successor.id });
    const invitation = await owner.caller.invitation.create({
      email: uniqueEmail(),
      role: "viewer",
    });
    await owner.caller.project.delete({ projectId: project.id, confirmName: `${name} 2` });

    const { entries } = await owner.caller.audit.list({});
    const actions = entries.map((entry) => entry.action).reverse();
    expect(actions).toEqual([
      "auth.sign_in",
      "auth.sign_in_failed",
      "project.create",
      "project.rename",
      "project.settings",
      "token.create",
      "token.rotate",
      "token.revoke",
      "invitation.create",
      "project.delete",
    ]);
    for (const entry of entries) expect(entry.ipAddress).toBe("192.0.2.44");
    expect(entries.find((e) => e.action === "auth.sign_in_failed")).toMatchObject({
      actorEmail: owner.email,
    });
    expect(entries.find((e) => e.action === "project.rename")).toMatchObject({
      actorEmail: owner.email,
      targetType: "project",
      targetId: project.id,
      details: { from: name, to: `${name} 2` },
    });
    expect(entries.find((e) => e.action === "project.settings")?.details).toEqual({
      from: { allowedOrigins: [], filterBots: true },
      to: { allowedOrigins: ["https://shop.example"], filterBots: false },
    });

    const rows = await db.database.prisma.auditEntry.findMany();
    const everything = JSON.stringify(rows, (_key, value: unknown) =>
      typeof value === "bigint" ? value.toString() : value,
    );
    const secrets = [
      token,
      created.token,
      rotated.successor.token,
      invitation.path.split("#")[1] ?? "missing",
      owner.password,
      owner.sessionToken,
      "wrong password",
    ];
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it("filters by action, actor and time, pages, and downloads NDJSON", async () => {
    const owner = await api.signInAs("owner");
    const other = await api.signInAs("admin");
    await other.caller.project.create({ name: `by other ${randomUUID()}` });
    await owner.caller.project.create({ name: `by owner ${randomUUID()}` });

    const byOther = await owner.caller.audit.list({ actor: other.email.toUpperCase() });
    expect(byOther.entries.map((e) => e.action).sort()).toEqual(["auth.sign_in", "project.create"]);
    const creates = await owner.caller.audit.list({ actions: ["project.create"] });
    expect(creates.entries.every((e) => e.action === "project.create")).toBe(true);
    expect(creates.entries.length).toBeGreaterThanOrEqual(2);
    const future = await owner.caller.audit.list({ from: new Date(Date.now() + 3_600_000) });
    expect(future.entries).toEqual([]);

    const first = await owner.caller.audit.list({ limit: 2 });
    const second = await owner.caller.audit.list({
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.entries).toHaveLength(2);
    expect(second.entries.map((e) => e.id)).not.toContain(first.entries[0]?.id);

    const download = await owner.caller.audit.export({ actions: ["project.create"] });
    const lines = download.ndjson
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { action: string; at: string });
    expect(lines).toHaveLength(download.count);
    expect(lines.every((line) => line.action === "project.create")).toBe(true);
    expect(lines.map((line) => line.at)).toEqual([...lines.map((line) => line.at)].sort());
    const { entries } = await owner.caller.audit.list({ actions: ["audit.export"] });
    expect(entries[0]).toMatchObject({ actorEmail: owner.email });
  });

  it("keeps entries for at least 90 days, whatever the setting", async () => {
    const now = new Date();
    const day = 24 * 3600 * 1000;
    const make = (daysAgo: number) =>
      db.database.prisma.auditEntry.create({
        data: {
          at: new Date(now.getTime() - daysAgo * day),
          actorEmail: "cli",
          action: "project.create",
          summary: `${daysAgo} days old`,
        },
        select: { id: true },
      });
    const [young, old] = await Promise.all([make(89), make(91)]);
    await pruneAudit(db.database.prisma, 30, now);
    const left = await db.database.prisma.auditEntry.findMany({
      where: { id: { in: [young.id, old.id] } },
      select: { id: true },
    });
    expect(left).toEqual([{ id: young.id }]);
  });
});
