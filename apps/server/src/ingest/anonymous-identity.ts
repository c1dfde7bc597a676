import type { FastifyReply, FastifyRequest } from "fastify";
import {
  cookielessAnonymousId,
  isValidCookieAnonymousId,
  newCookieAnonymousId,
} from "@inlet/ingest";
import type { DailySalt } from "./daily-salt.ts";

export const VISITOR_COOKIE = "_vuid";
// About 400 days, the longest lifetime browsers honour.
const VISITOR_COOKIE_MAX_AGE = 34_560_000;

function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      return part.slice(separator + 1).trim();
    }
  }
  return undefined;
}

export function visitorCookie(value: string, maxAge = VISITOR_COOKIE_MAX_AGE): string {
  return `${VISITOR_COOKIE}=${value}; Max-Age=${maxAge}; Path=/; HttpOnly; Secure; SameSite=None`;
}

/**
 * With cookies allowed, the visitor keeps a random id in a first-party cookie. Without,
 * the id is a keyed hash that changes daily, so no stable identifier or IP is stored.
 * `request.ip` honours forwarding headers only when TRUST_PROXY is set.
 */
export async function resolveAnonymousId(
  request: FastifyRequest,
  reply: FastifyReply,
  projectId: string,
  allowCookies: boolean,
  salt: DailySalt,
): Promise<string> {
  if (allowCookies) {
    const existing = readCookie(request, VISITOR_COOKIE);
    if (isValidCookieAnonymousId(existing)) return existing;
    const fresh = newCookieAnonymousId();
    reply.header("set-cookie", visitorCookie(fresh));
    return fresh;
  }
  return cookielessAnonymousId({
    projectId,
    clientIp: request.ip,
    userAgent: request.headers["user-agent"] ?? "",
    salt: await salt.get(),
  });
}
