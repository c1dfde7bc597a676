// Builds tRPC callers over a real database, with an injectable clock, a login limiter on that clock and recorded Set-Cookie values.
import { randomBytes } from "node:crypto";
import {
  createAdmin,
  createCaller,
  createInnerContext,
  LiveFeed,
  SESSION_COOKIE,
  SessionWatch,
  type AdminRole,
  type AttemptLimiter,
  type RequestInfo,
} from "@inlet/api";
import { openDatabase, type Database } from "@inlet/db";
import { expect } from "vitest";
import { createFreshPostgresDatabase } from "../../../test-support/postgres.ts";
import { testDatabaseSettings } from "../../../test-support/test-inlet.ts";

export type Caller = ReturnType<typeof createCaller>;

/** A clock the test moves by hand; starts at the real time unless told otherwise. */
export class TestClock {
  private ms: number;
  constructor(start: Date | number = Date.now()) {
    this.ms = new Date(start).getTime();
  }
  now = (): Date => new Date(this.ms);
  nowMs = (): number => this.ms;
  set(at: Date | number): void {
    this.ms = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * Stands in for the server's limiter (apps/server, tested there): `max` attempts per key
 * in each window of the test clock, so tests can exhaust and then outwait it exactly.
 */
export function windowLimiter(max: number, windowMs: number, nowMs: () => number): AttemptLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(key) {
      const at = nowMs();
      const current = windows.get(key);
      const window = current && at - current.start < windowMs ? current : { start: at, count: 0 };
      window.count += 1;
      windows.set(key, window);
      const allowed = window.count <= max;
      const retryAfterSeconds = allowed ? 0 : Math.ceil((window.start + windowMs - at) / 1000);
      return { allowed, retryAfterSeconds };
    },
  };
}

export interface TestDatabase {
  database: Database;
  close(): Promise<void>;
}

/** This run's database: the shared Postgres database, or a private PGlite directory. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const settings = testDatabaseSettings();
  const database = await openDatabase(settings);
  return {
    database,
    close: async () => {
      await database.close();
      settings.cleanup();
    },
  };
}

/** A database no other test has touched (no admins yet): its own Postgres database or PGlite dir. */
export async function openFreshDatabase(): Promise<TestDatabase> {
  const settings = testDatabaseSettings();
  if (!settings.databaseUrl) return openTestDatabase();
  const fresh = await createFreshPostgresDatabase("api");
  const database = await openDatabase({ databaseUrl: fresh.url, dataDir: "unused" });
  return {
    database,
    close: async () => {
      await database.close();
      await fresh.drop();
    },
  };
}

export interface ApiOptions {
  clock?: TestClock;
  publicUrl?: string | null;
  loginLimiter?: AttemptLimiter;
  live?: LiveFeed;
}

export interface CallerHandle {
  caller: Caller;
  /** Every Set-Cookie value the procedures sent, in order. */
  cookies: string[];
}

export interface SignedIn extends CallerHandle {
  /** The Set-Cookie value auth.login sent. */
  loginCookie: string;
  email: string;
  password: string;
  sessionToken: string;
}

/** The value of the session cookie in a Set-Cookie header, or null when there is none. */
export function sessionTokenFrom(cookie: string | undefined): string | null {
  const match = cookie?.match(new RegExp(`^${SESSION_COOKIE}=([^;]*)`));
  return match?.[1] ?? null;
}

export function uniqueEmail(prefix = "admin"): string {
  return `${prefix}-${randomBytes(6).toString("hex")}@inlet.test`;
}

/** The API as the HTTP edge wires it, minus HTTP: one set of dependencies, a caller per request. */
export function createTestApi(database: Database, options: ApiOptions = {}) {
  const clock = options.clock ?? new TestClock();
  const live = options.live ?? new LiveFeed(database.live);
  const loginLimiter = options.loginLimiter ?? windowLimiter(1_000, 1_000, clock.nowMs);
  const sessionWatch = new SessionWatch(database.prisma, clock.now);
  const dependencies = {
    prisma: database.prisma,
    reader: database.reader,
    replicaLagSeconds: () => database.replicaLagSeconds(),
    live,
    loginLimiter,
    now: clock.now,
    publicUrl: options.publicUrl ?? null,
    sessionWatch,
  };

  function caller(request: Partial<RequestInfo> = {}, signal?: AbortSignal): CallerHandle {
    const cookies: string[] = [];
    const context = createInnerContext(dependencies, {
      sessionToken: null,
      origin: null,
      host: "127.0.0.1:3000",
      fetchSite: null,
      clientIp: "127.0.0.1",
      userAgent: "vitest",
      secureCookies: false,
      setCookie: (cookie) => cookies.push(cookie),
      ...request,
    });
    return { caller: createCaller(context, signal ? { signal } : undefined), cookies };
  }

  /** Signs in through auth.login as the given admin and returns a caller with that session. */
  async function login(
    email: string,
    password: string,
    request: Partial<RequestInfo> = {},
    signal?: AbortSignal,
  ): Promise<SignedIn> {
    const anonymous = caller(request);
    await anonymous.caller.auth.login({ email, password });
    const loginCookie = anonymous.cookies.at(-1) ?? "";
    const sessionToken = sessionTokenFrom(loginCookie);
    expect(sessionToken).toBeTruthy();
    const signedIn = caller({ ...request, sessionToken }, signal);
    return { ...signedIn, loginCookie, email, password, sessionToken: sessionToken as string };
  }

  /** Creates a new admin (the database may already have others) and signs in as it. */
  async function signIn(
    request: Partial<RequestInfo> = {},
    signal?: AbortSignal,
    role: AdminRole = "owner",
  ) {
    const email = uniqueEmail(role);
    const password = `pw-${randomBytes(8).toString("hex")}`;
    await createAdmin(database.prisma, { email, password }, role);
    return login(email, password, request, signal);
  }

  /** Signs in as a new admin holding `role`. */
  const signInAs = (role: AdminRole, request: Partial<RequestInfo> = {}) =>
    signIn(request, undefined, role);

  return { clock, live, loginLimiter, dependencies, sessionWatch, caller, login, signIn, signInAs };
}

export type TestApi = ReturnType<typeof createTestApi>;

/** Awaits a call that must fail, and returns its tRPC error code. */
export async function errorCode(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return (error as { code?: string }).code ?? `not a tRPC error: ${String(error)}`;
  }
  return "resolved";
}
