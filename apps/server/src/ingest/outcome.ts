import { randomUUID } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { LiveBus } from "@inlet/db";
import { bodyExcerpt } from "@inlet/ingest";

/** What is known about a request so far, for the live stream and the response headers. */
export interface RequestTrace {
  request: FastifyRequest;
  reply: FastifyReply;
  rawBody: string;
  /** The body once it parsed as JSON; what the live stream's filters read. */
  body?: unknown;
  token: string | null;
  projectId: string | null;
}

export const REASON_HEADER = "x-inlet-reason";
export const DROPPED_HEADER = "x-inlet-dropped";

function textField(body: unknown, ...keys: string[]): string | null {
  if (typeof body !== "object" || body === null) return null;
  for (const key of keys) {
    const value: unknown = Object.hasOwn(body, key)
      ? (body as Record<string, unknown>)[key]
      : undefined;
    if (typeof value === "string") return value.slice(0, 255);
  }
  return null;
}

function publishRejection(
  live: LiveBus,
  trace: RequestTrace,
  kind: "refused" | "dropped",
  status: number,
  reason: string,
) {
  live.publish({
    itemId: randomUUID(),
    kind,
    projectId: trace.projectId,
    status,
    reason,
    token: trace.token,
    path: trace.request.url.split("?")[0] ?? "",
    name: textField(trace.body, "name"),
    userIdentifier: textField(trace.body, "identifier", "userIdentifier"),
    excerpt: bodyExcerpt(trace.rawBody),
    at: new Date().toISOString(),
  });
}

/**
 * Refuses with the status product.md prescribes: 400 says `Invalid!` as the contract
 * demands; every refusal names its reason in a header and on the live stream.
 */
export function refuse(
  live: LiveBus,
  trace: RequestTrace,
  status: number,
  reason: string,
  retryAfterSeconds?: number,
) {
  publishRejection(live, trace, "refused", status, reason);
  const reply = trace.reply
    .code(status)
    .header(REASON_HEADER, reason)
    .type("text/plain; charset=utf-8");
  if (retryAfterSeconds !== undefined) reply.header("retry-after", String(retryAfterSeconds));
  return reply.send(status === 400 ? "Invalid!" : status === 401 ? "" : reason);
}

/** Acknowledges without storing (bots, prefetches), and says so. */
export function drop(live: LiveBus, trace: RequestTrace, kind: string, reason: string) {
  publishRejection(live, trace, "dropped", 200, reason);
  return trace.reply.code(200).header(DROPPED_HEADER, kind).header(REASON_HEADER, reason).send();
}

/**
 * Answers 200 once the write committed, unless the request was already answered 503
 * because the commit outlasted its deadline (the client will retry; keys deduplicate).
 */
export function acknowledge(trace: RequestTrace) {
  return trace.reply.sent ? trace.reply : trace.reply.code(200).send();
}
