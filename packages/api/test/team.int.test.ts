// Invitations and password-reset links (one-time, hashed, 7 days, revocable, rate limited), role changes and the last-owner rule.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  errorCode,
  openTestDatabase,
  sessionTokenFrom,
  uniqueEmail,
  windowLimiter,
  type TestApi,
  type TestDatabase,
} from "./caller.ts";

const tokenOf = (path: string) => path.slice(path.indexOf("#") + 1);
const PASSWORD = "a long enough password";

describe("team and access", () => {
  let db: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    db = await openTestDatabase();
    api = createTestApi(db.database, { publicUrl: "https://inlet.example.com/" });
  });
  afterAll(() => db.close());

  it("invites, lets the link be used once to join with the role, and stores only a hash", async () => {
    const owner = await api.signInAs("owner");
    const email = uniqueEmail("invited");
    const invitation = await owner.caller.invitation.create({ email, role: "viewer" });
    expect(invitation.path).toMatch(/^\/invite#[A-Za-z0-9_-]{43}$/);
    expect(invitation.url).toBe(`https://inlet.example.com${invitation.path}`);
    const token = tokenOf(invitation.path);
    const stored = await db.database.prisma.accessLink.findUniqueOrThrow({
      where: { id: invitation.id },
    });
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(await owner.caller.invitation.list()).toContainEqual(
      expect.objectContaining({ email, role: "viewer", createdBy: owner.email }),
    );

    const stranger = api.caller();
    expect(await stranger.caller.link.inspect({ token })).toMatchObject({
      kind: "invitation",
      email,
      role: "viewer",
    });
    await expect(
      stranger.caller.link.resetPassword({ token, password: PASSWORD }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await stranger.caller.link.acceptInvitation({ token, password: PASSWORD })).toEqual({
      email,
      role: "viewer",
    });
    const sessionToken = sessionTokenFrom(stranger.cookies.at(-1));
    expect(sessionToken).toBeTruthy();
    const joined = api.caller({ sessionToken });
    expect(await joined.caller.auth.session()).toMatchObject({ admin: { email, role: "viewer" } });

    expect(
      await errorCode(api.caller().caller.link.acceptInvitation({ token, password: PASSWORD })),
    ).toBe("NOT_FOUND");
    expect(await errorCode(api.caller().caller.link.inspect({ token }))).toBe("NOT_FOUND");
    expect(await owner.caller.invitation.list()).not.toContainEqual(
      expect.objectContaining({ email }),
    );
  });

  it("refuses revoked, replaced and expired invitations, and invitations for existing admins", async () => {
    const owner = await api.signInAs("owner");
    const email = uniqueEmail("revoked");
    const first = await owner.caller.invitation.create({ email, role: "admin" });
    const second = await owner.caller.invitation.create({ email, role: "admin" });
    const use = (path: string) =>
      errorCode(
        api.caller().caller.link.acceptInvitation({ token: tokenOf(path), password: PASSWORD }),
      );
    expect(await use(first.path)).toBe("NOT_FOUND");
    await owner.caller.invitation.revoke({ invitationId: second.id });
    expect(await use(second.path)).toBe("NOT_FOUND");
    expect(await errorCode(owner.caller.invitation.revoke({ invitationId: second.id }))).toBe(
      "NOT_FOUND",
    );

    // A clock of its own: moving it must not disturb the other tests' rate limits.
    const later = createTestApi(db.database);
    const laterOwner = await later.signInAs("owner");
    const expiring = await laterOwner.caller.invitation.create({ email, role: "admin" });
    later.clock.advance(7 * 24 * 3600 * 1000 + 1);
    expect(
      await errorCode(
        later.caller().caller.link.acceptInvitation({
          token: tokenOf(expiring.path),
          password: PASSWORD,
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(await db.database.prisma.admin.count({ where: { email } })).toBe(0);

    expect(
      await errorCode(owner.caller.invitation.create({ email: owner.email, role: "viewer" })),
    ).toBe("CONFLICT");
  });

  it("lets admins invite up to their own role, never owners", async () => {
    const admin = await api.signInAs("admin");
    expect(
      await errorCode(admin.caller.invitation.create({ email: uniqueEmail(), role: "owner" })),
    ).toBe("FORBIDDEN");
    await expect(
      admin.caller.invitation.create({ email: uniqueEmail(), role: "admin" }),
    ).resolves.toMatchObject({ role: "admin" });
  });

  it("limits attempts to use links per client address", async () => {
    const limited = createTestApi(db.database, {
      loginLimiter: windowLimiter(3, 60_000, () => Date.now()),
    });
    const from = { clientIp: "203.0.113.9" };
    const codes: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      codes.push(
        await errorCode(
          limited.caller(from).caller.link.acceptInvitation({
            token: `guess-${attempt}-aaaaaaaaaaaaaaaaaaaaaaaa`,
            password: PASSWORD,
          }),
        ),
      );
    }
    expect(codes).toEqual([
      "NOT_FOUND",
      "NOT_FOUND",
      "NOT_FOUND",
      "TOO_MANY_REQUESTS",
      "TOO_MANY_REQUESTS",
    ]);
    expect(
      await errorCode(
        limited.caller({ clientIp: "203.0.113.10" }).caller.link.inspect({ token: "x".repeat(43) }),
      ),
    ).toBe("NOT_FOUND");
  });

  it("resets another admin's password through a one-time link that ends their sessions", async () => {
    const owner = await api.signInAs("owner");
    const other = await api.signInAs("admin");
    const { id: adminId } = await db.database.prisma.admin.findUniqueOrThrow({
      where: { email: other.email },
    });
    const link = await owner.caller.team.createResetLink({ adminId });
    expect(link.path).toMatch(/^\/reset-password#/);
    const stranger = api.caller();
    expect(
      await stranger.caller.link.resetPassword({ token: tokenOf(link.path), password: PASSWORD }),
    ).toEqual({ email: other.email, role: "admin" });
    expect(await errorCode(other.caller.project.list())).toBe("UNAUTHORIZED");
    expect(await errorCode(api.login(other.email, other.password))).toBe("UNAUTHORIZED");
    await expect(api.login(other.email, PASSWORD)).resolves.toMatchObject({ email: other.email });
    expect(
      await errorCode(
        api.caller().caller.link.resetPassword({ token: tokenOf(link.path), password: PASSWORD }),
      ),
    ).toBe("NOT_FOUND");
  });

  it("changes roles and removes admins, but never the last owner", async () => {
    const owner = await api.signInAs("owner");
    const viewer = await api.signInAs("viewer");
    const members = await owner.caller.team.list();
    const idOf = (email: string) => members.find((member) => member.email === email)?.id ?? "";
    expect(members.find((member) => member.email === owner.email)).toMatchObject({ you: true });

    await owner.caller.team.changeRole({ adminId: idOf(viewer.email), role: "admin" });
    expect(await viewer.caller.auth.session()).toMatchObject({ admin: { role: "admin" } });

    // Leave exactly one owner, then try to demote and remove them.
    await db.database.prisma.admin.updateMany({
      where: { role: "owner", email: { not: owner.email } },
      data: { role: "admin" },
    });
    expect(
      await errorCode(owner.caller.team.changeRole({ adminId: idOf(owner.email), role: "admin" })),
    ).toBe("BAD_REQUEST");
    expect(await errorCode(owner.caller.team.remove({ adminId: idOf(owner.email) }))).toBe(
      "BAD_REQUEST",
    );
    // Two owners demoting each other at once: exactly one of them succeeds.
    await owner.caller.team.changeRole({ adminId: idOf(viewer.email), role: "owner" });
    const results = await Promise.allSettled([
      owner.caller.team.changeRole({ adminId: idOf(viewer.email), role: "viewer" }),
      viewer.caller.team.changeRole({ adminId: idOf(owner.email), role: "viewer" }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await db.database.prisma.admin.count({ where: { role: "owner" } })).toBe(1);

    const survivor = results[0].status === "fulfilled" ? owner : viewer;
    const removed = survivor === owner ? viewer : owner;
    await survivor.caller.team.remove({ adminId: idOf(removed.email) });
    expect(await errorCode(removed.caller.auth.logout())).toBe("UNAUTHORIZED");
    expect(await db.database.prisma.admin.count({ where: { email: removed.email } })).toBe(0);
  });
});
