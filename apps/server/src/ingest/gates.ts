import type { IncomingHttpHeaders } from "node:http";
import { isBot, isPrefetch } from "@inlet/ingest";
import type { RateLimiter } from "../http/rate-limiter.ts";
import { isOriginAllowed } from "./cors.ts";
import { dropped, refused, type Dropped, type Refused } from "./outcome.ts";

type GateOutcome = Dropped | Refused;
import type { RequestTrace } from "./request-trace.ts";
import type { ResolvedToken } from "./token-cache.ts";

// The checks a request passes before its endpoint runs. Each gate returns the outcome
// that ends the request, or null to let it continue.

const NOT_JSON = refused(400, "body is not valid JSON");
const MISSING_TOKEN = refused(401, "missing project token");
/** Shared by every such refusal, so an observer of outcomes can recognise it by identity. */
export const UNKNOWN_TOKEN = refused(401, "unknown project token");
const INVALID_TOKEN = refused(401, "project token revoked or expired");
/** Secret keys read data; sending with one would also spread it into apps and logs. */
export const SECRET_KEY = refused(401, "secret keys cannot send events; use the project token");
const PREFETCH = dropped("prefetch", "prefetch requests are not stored");
const BOT = dropped("bot", "known bot user agent; not stored");

/** Without a token nothing is known about the sender; a body that is not JSON says more. */
export const missingToken = (trace: RequestTrace): Refused =>
  trace.json ? MISSING_TOKEN : NOT_JSON;

const MISSING_BATCH_TOKEN = refused(
  400,
  "projectToken is required (in the envelope or the Token header)",
);

/** A batch's token is part of its envelope: without one the envelope is unreadable (400). */
export const missingBatchToken = (trace: RequestTrace): Refused =>
  trace.json ? MISSING_BATCH_TOKEN : NOT_JSON;

/** A token that no longer works still names its project (so Live shows the refusal there). */
export const invalidToken = (resolution: { projectId: string | null }): Refused =>
  resolution.projectId ? INVALID_TOKEN : UNKNOWN_TOKEN;

/** Checked after the token, so the refusal of a malformed body shows in its project's Live. */
const jsonGate = (trace: RequestTrace): GateOutcome | null => (trace.json ? null : NOT_JSON);

// Names the refused origin: "which origin?" is the first question, and the fix is to add it.
const originGate = (headers: IncomingHttpHeaders, token: ResolvedToken): GateOutcome | null =>
  isOriginAllowed(headers.origin, token.allowedOrigins)
    ? null
    : refused(
        403,
        `origin ${String(headers.origin).slice(0, 200)} is not in the project's allowed origins`,
      );

const prefetchGate = (headers: IncomingHttpHeaders): GateOutcome | null =>
  isPrefetch(headers) ? PREFETCH : null;

function rateGate(
  limiter: RateLimiter,
  trace: RequestTrace,
  token: ResolvedToken,
  cost: number,
): GateOutcome | null {
  const rate = limiter.take(token.tokenId, cost);
  trace.rateLimit = rate;
  if (rate.allowed) return null;
  // A batch larger than the burst would wait forever; saying so lets the sender split it.
  if (cost > 1 && cost > limiter.burst)
    return refused(
      429,
      `batch of ${cost} items is more than the token's burst of ${limiter.burst}`,
      rate.retryAfterSeconds,
    );
  return refused(429, "token rate limit exceeded", rate.retryAfterSeconds);
}

const botGate = (headers: IncomingHttpHeaders, token: ResolvedToken): GateOutcome | null =>
  token.filterBots && isBot(headers["user-agent"]) ? BOT : null;

/** The gates after a valid token, in the order the product prescribes. */
export function admit(
  headers: IncomingHttpHeaders,
  trace: RequestTrace,
  token: ResolvedToken,
  limiter: RateLimiter,
  cost = 1,
): GateOutcome | null {
  return (
    jsonGate(trace) ??
    originGate(headers, token) ??
    prefetchGate(headers) ??
    rateGate(limiter, trace, token, cost) ??
    botGate(headers, token)
  );
}
