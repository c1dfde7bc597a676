import type { FastifyRequest } from "fastify";
import { isSecretKey, type ApiKeyScope } from "@inlet/contracts";
import type { RateLimiter } from "../http/rate-limiter.ts";
import { apiError, type ApiError } from "./api-outcome.ts";
import type { KeyCache, ResolvedKey } from "./key-cache.ts";

// Who may call /api/v1: a secret key, and only its scopes. Admin roles play no part here.

const MISSING = apiError(401, "missing API key: send Authorization: Bearer sk_...");
const PROJECT_TOKEN = apiError(
  401,
  "project tokens cannot read the API; use a secret key (sk_...) from the project's settings",
);
const NOT_A_KEY = apiError(401, "not a secret key: send Authorization: Bearer sk_...");
const UNKNOWN = apiError(401, "unknown API key");
const REVOKED = apiError(401, "API key revoked");

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== "string") return null;
  const match = /^bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? header.trim();
}

/** The key behind the request, or the error that ends it. Throws when the database cannot answer. */
export async function authenticate(
  request: FastifyRequest,
  keys: KeyCache,
  limiter: RateLimiter,
  scope: ApiKeyScope,
): Promise<ResolvedKey | ApiError> {
  const sent = bearer(request);
  if (!sent) return MISSING;
  if (sent.startsWith("proj_")) return PROJECT_TOKEN;
  if (!isSecretKey(sent)) return NOT_A_KEY;
  const resolution = await keys.resolve(sent);
  if (!resolution.valid) return resolution.revoked ? REVOKED : UNKNOWN;
  const { key } = resolution;
  // Counted before the scope check, so probing for scopes costs rate like anything else.
  const rate = limiter.take(key.keyId);
  if (!rate.allowed) return apiError(429, "API key rate limit exceeded", rate.retryAfterSeconds);
  if (!key.scopes.includes(scope)) return apiError(403, `this key lacks the ${scope} scope`);
  return key;
}
