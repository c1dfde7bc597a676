import type { PrismaClient } from "@inlet/db";
import type { SessionWatch } from "./access/session-watch.ts";
import type { LiveFeed } from "./live/live-feed.ts";

/** Decides whether another attempt under a key (an account, an IP) may proceed now. */
export interface AttemptLimiter {
  take(key: string): { allowed: boolean; retryAfterSeconds: number };
}

/** Long-lived services, the same for every request of a process. */
export interface ApiDependencies {
  prisma: PrismaClient;
  /** For reads whose cost grows with the data (events, users, charts): the read replica if any. */
  reader: PrismaClient;
  /** Seconds the read replica is behind; null without one. */
  replicaLagSeconds: () => Promise<number | null>;
  live: LiveFeed;
  loginLimiter: AttemptLimiter;
  /** Injectable so expiry and rotation grace are testable without sleeping. */
  now: () => Date;
  /** The `PUBLIC_URL` setting: one-time links are built from it when set. */
  publicUrl: string | null;
  /** Ends open live streams of sessions that lose their access (see access/session-watch.ts). */
  sessionWatch: SessionWatch;
  /** How clients reach this server; absent in tests that do not need it. */
  instance?: InstanceInfo;
}

export interface InstanceInfo {
  /** The CA that signs this server's local HTTPS certificate, when it serves one. */
  localCaFile: string | null;
  /** Where this server serves the browser SDK (a path with a version query). */
  sdkScriptPath: string;
}

/** What the HTTP edge knows about one request. */
export interface RequestInfo {
  sessionToken: string | null;
  /** The Origin and Host headers, compared by the cross-site check. */
  origin: string | null;
  host: string | null;
  /** `Sec-Fetch-Site`, sent by browsers: "cross-site" is refused for mutations. */
  fetchSite: string | null;
  clientIp: string;
  /** Shown beside the session on the account page. */
  userAgent: string | null;
  secureCookies: boolean;
  setCookie(cookie: string): void;
}

export type Context = ApiDependencies & RequestInfo;

/**
 * The inner layer of the context: everything a procedure uses, with no HTTP in it, so
 * tests build it directly for `createCaller`.
 */
export function createInnerContext(dependencies: ApiDependencies, request: RequestInfo): Context {
  return { ...dependencies, ...request };
}
