import type { FastifyRequest } from "fastify";
import { isSecretKey, maskSecretKey, maskSecretKeys } from "@inlet/contracts";
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
  /**
   * A secret API key came instead of a project token (as the token or a bearer header). It
   * is refused, and `token` and `rawBody` then hold it masked, since Live shows both.
   */
  secretKey: boolean;
  /** Known once the token led to a project. */
  projectId: string | null;
  /** The Origin and User-Agent headers (cut to 255 characters), for Live and Unmatched. */
  origin: string | null;
  userAgent: string | null;
  /** The visitor cookie to set, once the visitor was identified; sent with any reply after. */
  cookie: string | null;
  /** The token's rate-limit state once the rate gate ran, for the X-RateLimit-* headers. */
  rateLimit: RateLimitDecision | null;
  /** A dry run: checked like any request, answered with what it would store, stored nowhere. */
  dryRun: boolean;
}

const DRY_RUN_PATHS = new Set(["/e", "/i", "/u", "/batch"]);
const YES = new Set(["1", "true"]);

/** `?dryRun=1` (or `true`), or the header `X-Inlet-Dry-Run: 1`, on an endpoint that stores. */
export function dryRunRequested(request: FastifyRequest): boolean {
  const url = request.url;
  const mark = url.indexOf("?");
  if (!DRY_RUN_PATHS.has(mark < 0 ? url : url.slice(0, mark))) return false;
  const header = request.headers["x-inlet-dry-run"];
  if (typeof header === "string" && YES.has(header.trim().toLowerCase())) return true;
  if (mark < 0 || mark === url.length - 1) return false;
  const flag = new URLSearchParams(url.slice(mark + 1)).get("dryRun");
  return flag !== null && YES.has(flag.toLowerCase());
}

/** The Origin or User-Agent header as Live shows it: cut to 255 characters. */
const clientHeader = (value: string | undefined): string | null => value?.slice(0, 255) ?? null;

const NOT_JSON = Symbol("not JSON");

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function bearerIsSecretKey(request: FastifyRequest): boolean {
  const authorization = request.headers.authorization;
  return typeof authorization === "string" && isSecretKey(authorization.replace(/^bearer\s+/i, ""));
}

/** Masks a secret key wherever the trace would show it; other tokens pass unchanged. */
function guardSecretKeys(trace: RequestTrace, request: FastifyRequest): RequestTrace {
  const sent = trace.token !== null && isSecretKey(trace.token);
  if (!sent && !bearerIsSecretKey(request)) return trace;
  return {
    ...trace,
    secretKey: true,
    token: sent && trace.token !== null ? maskSecretKey(trace.token) : trace.token,
    rawBody: maskSecretKeys(trace.rawBody),
  };
}

/** Reads the body as JSON (any content type: beacons send JSON as text/plain) and the token. */
export function startTrace(request: FastifyRequest): RequestTrace {
  const rawBody = typeof request.body === "string" ? request.body : "";
  const parsed = parseJson(rawBody);
  const json = parsed !== NOT_JSON;
  const body = json ? parsed : undefined;
  const { headers } = request;
  const trace: RequestTrace = {
    url: request.url,
    rawBody,
    json,
    body,
    token: extractToken(body, headers),
    secretKey: false,
    projectId: null,
    origin: clientHeader(headers.origin),
    userAgent: clientHeader(headers["user-agent"]),
    cookie: null,
    rateLimit: null,
    dryRun: dryRunRequested(request),
  };
  return guardSecretKeys(trace, request);
}

/** For replies that never read the body (framework errors, `/r`): only a header token is known. */
export function headerTrace(request: FastifyRequest): RequestTrace {
  const trace: RequestTrace = {
    url: request.url,
    rawBody: "",
    json: false,
    body: undefined,
    token: extractToken(undefined, request.headers),
    secretKey: false,
    projectId: null,
    origin: clientHeader(request.headers.origin),
    userAgent: clientHeader(request.headers["user-agent"]),
    cookie: null,
    rateLimit: null,
    dryRun: dryRunRequested(request),
  };
  return guardSecretKeys(trace, request);
}
