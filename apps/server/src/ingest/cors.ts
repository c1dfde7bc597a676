import type { FastifyReply, FastifyRequest } from "fastify";

// The browser SDK sends these; preflights must allow them or the browser never sends the event.
const ALLOWED_HEADERS = [
  "Content-Type",
  "Token",
  "Allow-Cookies",
  "V-SDK",
  "V-SDK-Version",
  "V-Host",
  "V-Referrer",
  "Idempotency-Key",
].join(", ");
// Exposed so browser developers can read why a request was refused or dropped.
const EXPOSED_HEADERS = [
  "X-Inlet-Reason",
  "X-Inlet-Dropped",
  "X-Inlet-Time-Adjusted",
  "Retry-After",
].join(", ");

/**
 * Echoes the caller's origin with credentials, as the browser SDK (XHR with credentials)
 * requires. A project's allowed-origins list is enforced per request, once the token is known.
 */
export function applyCors(request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  if (!origin) return;
  reply.header("access-control-allow-origin", origin);
  reply.header("access-control-allow-credentials", "true");
  reply.header("access-control-expose-headers", EXPOSED_HEADERS);
  reply.header("vary", "Origin");
}

export function answerPreflight(request: FastifyRequest, reply: FastifyReply) {
  applyCors(request, reply);
  return reply
    .code(204)
    .header("access-control-allow-methods", "POST, OPTIONS")
    .header("access-control-allow-headers", ALLOWED_HEADERS)
    .header("access-control-max-age", "86400")
    .send();
}

/** An empty list allows every origin; requests without an Origin (servers) always pass. */
export function isOriginAllowed(origin: string | undefined, allowedOrigins: string[]): boolean {
  if (!origin || allowedOrigins.length === 0) return true;
  return allowedOrigins.includes(origin);
}
