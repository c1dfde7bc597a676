// auth.*: first-admin bootstrap (once, race-free), login cookies and errors, logout, expiry, fixation and rate limits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  errorCode,
  openFreshDatabase,
  openTestDatabase,
  sessionTokenFrom,
  TestClock,
  uniqueEmail,
  windowLimiter,
  type TestDatabase,
} from "./caller.ts";

const DAY_MS = 24 * 3600 * 1000;
const PASSWORD = "correct horse battery";

/** Makes every insert into admins wait before its commit (test-only trigger on a fresh database). */
async function slowDownAdminCommits(db: TestDatabase, slow: boolean) {
  const prisma = db.database.prisma;
  if (!slow) {
    await prisma.$executeRawUnsafe("DROP TRIGGER IF EXISTS slow_admin_commit ON admins");
    return;
  }
  await prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION slow_admin_commit() RETURNS trigger
    LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.5); RETURN NEW; END $$`);
  await prisma.$executeRawUnsafe(`CREATE TRIGGER slow_admin_commit AFTER INSERT ON admins
    FOR EACH ROW EXECUTE FUNCTION slow_admin_commit()`);
}

describe("auth on a fresh install", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openFreshDatabase();
  });
  afterAll(() => db.close());

  it("reports needsBootstrap while no admin exists", async () => {
    const api = createTestApi(db.database);
    expect(await api.caller().caller.auth.session()).toEqual({
      admin: null,
      needsBootstrap: true,
    });
  });

  it("lets exactly one of several racing bootstraps create the first admin", async () => {
    const api = createTestApi(db.database);
    // A commit that takes a moment (a busy disk) widens the race window from microseconds to
    // half a second, so the race is decided the same way on every run. Postgres only: PGlite
    // runs one statement at a time.
    if (db.database.kind === "postgres") await slowDownAdminCommits(db, true);
    const attempts = Array.from({ length: 8 }, (_, index) => {
      const handle = api.caller({ clientIp: `10.0.0.${index}` });
      const call = handle.caller.auth.bootstrap({
        email: uniqueEmail("first"),
        password: PASSWORD,
      });
      return { handle, call };
    });
    const results = await Promise.allSettled(attempts.map((attempt) => attempt.call));
    if (db.database.kind === "postgres") await slowDownAdminCommits(db, false);
    const codes = await Promise.all(attempts.map((attempt) => errorCode(attempt.call)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(codes.filter((code) => code === "FORBIDDEN")).toHaveLength(attempts.length - 1);
    expect(await db.database.prisma.admin.count()).toBe(1);

    const winner = attempts[results.findIndex((result) => result.status === "fulfilled")];
    const sessionToken = sessionTokenFrom(winner?.handle.cookies[0]);
    const session = await api.caller({ sessionToken }).caller.auth.session();
    expect(session.admin?.email).toMatch(/^first-/);
    expect(session.needsBootstrap).toBe(false);
  });

  it("refuses a bootstrap once an admin exists", async () => {
    const api = createTestApi(db.database);
    const admins = await db.database.prisma.admin.count();
    expect(admins).toBeGreaterThan(0);
    const late = api.caller();
    const call = late.caller.auth.bootstrap({ email: uniqueEmail("late"), password: PASSWORD });
    expect(await errorCode(call)).toBe("FORBIDDEN");
    expect(late.cookies).toEqual([]);
    expect(await db.database.prisma.admin.count()).toBe(admins);
    expect(await api.caller().caller.auth.session()).toEqual({
      admin: null,
      needsBootstrap: false,
    });
  });
});

describe("signing in and out", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());

  it("sets an HttpOnly SameSite=Lax session cookie, Secure only when asked", async () => {
    const api = createTestApi(db.database);
    const plain = await api.signIn();
    const cookie = plain.loginCookie;
    expect(cookie).toMatch(/^inlet_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie.split("; ")).toEqual(
      expect.arrayContaining(["Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${7 * 24 * 3600}`]),
    );
    expect(cookie).not.toContain("Secure");
    expect((await plain.caller.auth.session()).admin?.email).toBe(plain.email);

    const secure = await api.login(plain.email, plain.password, { secureCookies: true });
    expect(secure.loginCookie.split("; ")).toContain("Secure");
    expect(secure.sessionToken).not.toBe(plain.sessionToken);
  });

  it("answers a wrong password and an unknown email alike, without a cookie", async () => {
    const api = createTestApi(db.database);
    const { email } = await api.signIn();
    const failures = [
      { email, password: "not the password" },
      { email: uniqueEmail("nobody"), password: PASSWORD },
    ];
    const messages: string[] = [];
    for (const credentials of failures) {
      const handle = api.caller();
      const error = await handle.caller.auth.login(credentials).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "UNAUTHORIZED" });
      messages.push((error as Error).message);
      expect(handle.cookies).toEqual([]);
    }
    expect(messages[0]).toBe("Wrong email or password");
    expect(messages[1]).toBe(messages[0]);
  });

  it("revokes the session on logout so its token is never accepted again", async () => {
    const api = createTestApi(db.database);
    const admin = await api.signIn();
    await admin.caller.project.list();
    expect(await admin.caller.auth.logout()).toEqual({ signedOut: true });
    expect(admin.cookies.at(-1)).toMatch(/^inlet_session=; .*Max-Age=0/);
    expect(await errorCode(admin.caller.project.list())).toBe("UNAUTHORIZED");
    expect(await errorCode(admin.caller.auth.logout())).toBe("UNAUTHORIZED");
    expect((await admin.caller.auth.session()).admin).toBeNull();
  });

  it("expires a session seven days after login", async () => {
    const clock = new TestClock();
    const api = createTestApi(db.database, { clock });
    const admin = await api.signIn();
    clock.advance(7 * DAY_MS - 1_000);
    expect((await admin.caller.auth.session()).admin?.email).toBe(admin.email);
    await admin.caller.project.list();
    clock.advance(1_000);
    expect(await errorCode(admin.caller.project.list())).toBe("UNAUTHORIZED");
    expect((await admin.caller.auth.session()).admin).toBeNull();
  });

  it("issues a fresh token on every login and never adopts one the client chose", async () => {
    const api = createTestApi(db.database);
    const chosen = "attacker-chosen-session-token";
    const first = await api.signIn({ sessionToken: chosen });
    const second = await api.login(first.email, first.password, { sessionToken: chosen });
    expect(first.sessionToken).not.toBe(chosen);
    expect(second.sessionToken).not.toBe(first.sessionToken);
    expect(await errorCode(api.caller({ sessionToken: chosen }).caller.project.list())).toBe(
      "UNAUTHORIZED",
    );
    expect((await second.caller.auth.session()).admin?.email).toBe(first.email);
  });

  it("rate-limits login attempts per account, whatever the IP", async () => {
    const clock = new TestClock();
    const api = createTestApi(db.database, {
      clock,
      loginLimiter: windowLimiter(5, 60_000, clock.nowMs),
    });
    const { email, password } = await api.signIn({ clientIp: "10.1.0.0" });
    for (let attempt = 1; attempt <= 4; attempt++) {
      const call = api.caller({ clientIp: `10.1.0.${attempt}` }).caller.auth.login({
        email: email.toUpperCase(),
        password: "wrong password",
      });
      expect(await errorCode(call)).toBe("UNAUTHORIZED");
    }
    const limited = api.caller({ clientIp: "10.1.0.99" });
    const error = await limited.caller.auth.login({ email, password }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(limited.cookies).toEqual([]);
    clock.advance(60_000);
    await api.login(email, password, { clientIp: "10.1.0.99" });
  });

  it("rate-limits login attempts per IP, whatever the account", async () => {
    const clock = new TestClock();
    const api = createTestApi(db.database, {
      clock,
      loginLimiter: windowLimiter(5, 60_000, clock.nowMs),
    });
    const { email, password } = await api.signIn({ clientIp: "10.2.0.1" });
    for (let attempt = 1; attempt <= 4; attempt++) {
      const call = api.caller({ clientIp: "10.2.0.1" }).caller.auth.login({
        email: uniqueEmail("guess"),
        password: "wrong password",
      });
      expect(await errorCode(call)).toBe("UNAUTHORIZED");
    }
    const call = api.caller({ clientIp: "10.2.0.1" }).caller.auth.login({ email, password });
    expect(await errorCode(call)).toBe("TOO_MANY_REQUESTS");
    await api.login(email, password, { clientIp: "10.2.0.2" });
  });
});
