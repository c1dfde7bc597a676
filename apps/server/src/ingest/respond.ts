import { randomUUID } from "node:crypto";
import type { FastifyReply } from "fastify";
import { PUBLISH_LAG_MARGIN_MS, type LiveBus, type LiveItem, type RejectedItem } from "@inlet/db";
import { bodyExcerpt, canonicalEventName } from "@inlet/ingest";
import type { RateLimitDecision } from "../http/rate-limiter.ts";
import { replyOf, type IngestOutcome } from "./outcome.ts";
import type { RequestTrace } from "./request-trace.ts";

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

const canonical = (name: string | null) => (name === null ? null : canonicalEventName(name));

/** A refusal or drop as Live shows it: what was sent, by which token, and why it was not stored. */
export function rejectionItem(
  trace: RequestTrace,
  kind: RejectedItem["kind"],
  status: number,
  reason: string,
  now: () => number,
): RejectedItem {
  return {
    itemId: randomUUID(),
    kind,
    projectId: trace.projectId,
    status,
    reason,
    token: trace.token,
    path: trace.url.split("?")[0] ?? "",
    // Spelled as stored events are (`$$pageView` is `$pageview`), so one name filter finds both.
    name: canonical(textField(trace.body, "name")),
    userIdentifier: textField(trace.body, "identifier", "userIdentifier"),
    excerpt: bodyExcerpt(trace.rawBody),
    origin: trace.origin,
    userAgent: trace.userAgent,
    at: new Date(now()).toISOString(),
  };
}

/**
 * What Live shows for an outcome, first row first: the stored item (a batch's summary,
 * then its items), the rejection, or nothing new. A dry run's rows are marked.
 */
export function liveItemsOf(
  trace: RequestTrace,
  outcome: IngestOutcome,
  now: () => number,
): LiveItem[] {
  switch (outcome.kind) {
    case "accepted":
      return outcome.live ? [outcome.live] : [];
    case "batch":
      return [outcome.summary, ...outcome.items];
    case "dry-run":
      return outcome.live;
    case "dropped":
    case "refused": {
      const status = outcome.kind === "refused" ? outcome.status : 200;
      const item = rejectionItem(trace, outcome.kind, status, outcome.reason, now);
      return [trace.dryRun ? { ...item, dryRun: true } : item];
    }
  }
}

/**
 * The token's budget on every answer that passed the rate gate: the de facto
 * `X-RateLimit-*` names, Reset in seconds from now (no clock agreement needed).
 */
function setRateLimitHeaders(reply: FastifyReply, rate: RateLimitDecision): void {
  reply.header("x-ratelimit-limit", String(rate.limit));
  reply.header("x-ratelimit-remaining", String(rate.remaining));
  reply.header("x-ratelimit-reset", String(rate.resetSeconds));
}

/**
 * Whether a late write's item may still be published: past the margin, a viewer resuming on
 * another process would already have been told that nothing more can come from then.
 */
const onTime = (item: LiveItem, now: () => number) =>
  now() - Date.parse(item.at) <= PUBLISH_LAG_MARGIN_MS;

export type Respond = (
  reply: FastifyReply,
  trace: RequestTrace,
  outcome: IngestOutcome,
) => Promise<FastifyReply>;

/**
 * The one place an outcome leaves the server: published to Live, then written as the reply.
 * An acknowledgement waits until its item has reached the other processes' Live: a process
 * killed after acknowledging an event must not take the event's Live item with it. A reply
 * already sent (a 503 for a write that outlasted its deadline) is not written twice, but
 * what the late write stored still shows live, if within the publishing margin. Anything
 * else that must see every outcome (a log, a capture) belongs here too.
 */
export function responder(live: LiveBus, now: () => number): Respond {
  return async (reply, trace, outcome) => {
    // A viewer that falls behind skips rows; publishing never waits for one.
    for (const item of liveItemsOf(trace, outcome, now))
      if (!reply.sent || onTime(item, now)) live.publish(item);
    // Only a stored event's item must outlive the process; a refusal's reply must not wait
    // on a database that may be the reason for it.
    if ((outcome.kind === "accepted" && outcome.live) || outcome.kind === "batch")
      await live.settled();
    if (reply.sent) return reply;
    const { status, headers, body } = replyOf(outcome, trace.dryRun);
    reply.code(status);
    for (const name in headers) reply.header(name, headers[name]);
    // A dry run gives a new visitor no cookie: that would store its id in the client.
    if (trace.cookie !== null && !trace.dryRun) reply.header("set-cookie", trace.cookie);
    if (trace.rateLimit !== null) setRateLimitHeaders(reply, trace.rateLimit);
    return reply.send(body);
  };
}
