import type { FastifyRequest } from "fastify";
import { extractToken } from "@inlet/ingest";
import type { RateLimitDecision } from "../http/rate-limiter.ts";

/** What is known about one ingestion request so far: what the Live item and reply draw on. */
export interface RequestTrace {
  /** Request path with its query, as received. */
  url: string;
  rawBody: string;
  /** Whether the body parsed as JSON; `body` is then its value (what Live's filters read). */
  json: boolean;
  body: unknown;
  token: string | null;
  /** Known once the token led to a project. */
  projectId: string | null;
  /** The Origin and User-Agent headers (cut to 255 characters), for Live and Unmatched. */
  origin: string | null;
  userAgent: string | null;
  /** The visitor cookie to set, once the visitor was identified; sent with any reply after. */
  cookie: string | null;
  /** The token's rate-limit state once the rate gate ran, for the X-RateLimit-* headers. */
  rateLimit: RateLimitDecision | null;
}

function clientHeaders(request: FastifyRequest): {
  origin: string | null;
  userAgent: string | null;
} {
  const { origin, "user-agent": userAgent } = request.headers;
  return { origin: origin?.slice(0, 255) ?? null, userAgent: userAgent?.slice(0, 255) ?? null };
}

function parseJson(raw: string): { json: boolean; body: unknown } {
  try {
    return { json: true, body: JSON.parse(raw) as unknown };
  } catch {
    return { json: false, body: undefined };
  }
}

/** Reads the body as JSON (any content type: beacons send JSON as text/plain) and the token. */
export function startTrace(request: FastifyRequest): RequestTrace {
  const rawBody = typeof request.body === "string" ? request.body : "";
  const { json, body } = parseJson(rawBody);
  return {
    url: request.url,
    rawBody,
    json,
    body,
    token: extractToken(json ? body : undefined, request.headers),
    projectId: null,
    ...clientHeaders(request),
    cookie: null,
    rateLimit: null,
  };
}

/** For replies that never read the body (framework errors, `/r`): only a header token is known. */
export function headerTrace(request: FastifyRequest): RequestTrace {
  return {
    url: request.url,
    rawBody: "",
    json: false,
    body: undefined,
    token: extractToken(undefined, request.headers),
    projectId: null,
    ...clientHeaders(request),
    cookie: null,
    rateLimit: null,
  };
}
