import { QueueFullError } from "./group-commit.ts";
import { refused, type Refused } from "./outcome.ts";

// What a request comes to when the server, not the client, is at fault: 503 with a hint to
// retry soon, so SDKs resend and idempotency keys keep retries from storing twice.

export const LOOKUP_FAILED = refused(503, "database unavailable; retry", 1);
const BUSY = refused(503, "server is busy; retry", 1);
const WRITE_FAILED = refused(503, "database could not take the write; retry", 1);

/** A full queue means the database is behind: a load signal, not a fault worth logging. */
export const writeFailure = (error: unknown): Refused =>
  error instanceof QueueFullError ? BUSY : WRITE_FAILED;

/** An error Fastify raised before the handler ran (body too large, unreadable, aborted). */
export interface FrameworkError {
  name?: string;
  statusCode?: number;
  code?: string;
  message: string;
}

/** A 4xx Fastify chose stays that 4xx with a readable reason; anything else is a 503. */
export function frameworkFailure(error: FrameworkError, bodyBytes: number): Refused {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 503;
  if (status === 503) return refused(503, "server could not handle the request; retry", 1);
  // The body reader's own errors name their reason (too large, unknown encoding, corrupt).
  if (error.name === "BodyReadError") return refused(status, error.message);
  const reason =
    error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
      ? `body is larger than ${bodyBytes} bytes`
      : "request could not be read";
  return refused(status, reason);
}
