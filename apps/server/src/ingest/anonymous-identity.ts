import type { FastifyRequest } from "fastify";
import {
  cookielessAnonymousId,
  isValidCookieAnonymousId,
  newCookieAnonymousId,
} from "@inlet/ingest";
import { readCookie } from "../http/cookies.ts";
import type { DailySalt } from "./daily-salt.ts";

export const VISITOR_COOKIE = "_vuid";
// About 400 days, the longest lifetime browsers honour.
const VISITOR_COOKIE_MAX_AGE = 34_560_000;

export function visitorCookie(value: string, maxAge = VISITOR_COOKIE_MAX_AGE): string {
  return `${VISITOR_COOKIE}=${value}; Max-Age=${maxAge}; Path=/; HttpOnly; Secure; SameSite=None`;
}

export interface Visitor {
  anonymousId: string;
  /** The cookie to set when the visitor was given a new id; null otherwise. */
  cookie: string | null;
}

/**
 * With cookies allowed, the visitor keeps a random id in a first-party cookie. Without,
 * the id is a keyed hash that changes daily, so no stable identifier or IP is stored.
 * `request.ip` honours forwarding headers only when TRUST_PROXY is set.
 */
export async function resolveVisitor(
  request: FastifyRequest,
  projectId: string,
  allowCookies: boolean,
  salt: DailySalt,
): Promise<Visitor> {
  if (allowCookies) {
    const existing = readCookie(request.headers.cookie, VISITOR_COOKIE);
    if (isValidCookieAnonymousId(existing)) return { anonymousId: existing, cookie: null };
    const fresh = newCookieAnonymousId();
    return { anonymousId: fresh, cookie: visitorCookie(fresh) };
  }
  const anonymousId = cookielessAnonymousId({
    projectId,
    clientIp: request.ip,
    userAgent: request.headers["user-agent"] ?? "",
    // Most requests find the day's salt in memory; only a load needs the await.
    salt: salt.cached() ?? (await salt.get()),
  });
  return { anonymousId, cookie: null };
}
