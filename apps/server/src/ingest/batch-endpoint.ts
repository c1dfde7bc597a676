import { randomUUID } from "node:crypto";
import type { AcceptedItem, BatchSummaryItem } from "@inlet/db";
import { BATCH_SUMMARY_MAX_REFUSED } from "@inlet/contracts";
import {
  parseBatchEnvelope,
  parseBatchItem,
  type BatchItem,
  type ParseResult,
} from "@inlet/ingest";
import { resolveVisitor } from "./anonymous-identity.ts";
import type { BatchWrite, BatchWritten } from "./batch-writes.ts";
import {
  eventItem,
  NO_USER_REASON,
  USER_DELETED_REASON,
  timedTrack,
  toWrite,
  userChangeItem,
  type Endpoint,
  type RequestClock,
  type TimedItem,
  type Visit,
} from "./endpoints.ts";
import {
  refused,
  type BatchVerdicts,
  type ItemRefusal,
  type ItemTimeAdjustment,
  type TimeAdjustment,
} from "./outcome.ts";
import type { RequestTrace } from "./request-trace.ts";

/** The rate limiter's cost of a request to `/batch`: one per item, so batching buys no quota. */
export function batchCost(body: unknown): number {
  const items =
    typeof body === "object" && body !== null && Object.hasOwn(body, "batch")
      ? (body as { batch: unknown }).batch
      : undefined;
  return Array.isArray(items) ? Math.max(1, items.length) : 1;
}

/** An event item's time, checked as `/e` checks it; other items have none. */
function timedOrRefused(
  parsed: ParseResult<BatchItem>,
  clock: RequestClock,
): ParseResult<TimedItem> {
  if (!parsed.ok) return parsed;
  const item = parsed.value;
  if (item.type !== "event") return { ok: true, value: item };
  const timed = timedTrack(item.input, clock);
  return timed.ok ? { ok: true, value: { type: "event", input: timed.value } } : timed;
}

/** An item's write; its event, if any, marked as the batch's. */
function batchWrite(item: TimedItem, visit: Visit<unknown>, batchId: string): BatchWrite {
  const write = toWrite(item, visit);
  if (write.type === "event") write.job.event.batchId = batchId;
  return write;
}

/**
 * `POST /batch`: every item gets the verdict its single request would have had. Invalid
 * items are refused one by one; the valid ones are written in order in one transaction,
 * so a failure there refuses the whole batch (503) and nothing of it is stored.
 */
export const batch: Endpoint = async (
  { writer, salt, limits, now, suppression, timeHorizonDays, dryRun },
  { request, trace, token },
) => {
  const receivedAt = now();
  const envelope = parseBatchEnvelope(trace.body, request.headers);
  if (!envelope.ok) return refused(envelope.status, envelope.reason);
  const { sentAt } = envelope.value;
  const clock: RequestClock = { receivedAt, horizonDays: timeHorizonDays };
  const { projectId, tokenId } = token;
  const visitor = await resolveVisitor(request, projectId, envelope.value.allowCookies, salt);
  trace.cookie = visitor.cookie;
  const visit: Visit<unknown> = {
    input: null,
    anonymousId: visitor.anonymousId,
    projectId,
    tokenId,
    request,
    now,
    receivedAt,
  };

  // Marks the batch's events, and names its Live summary row.
  const batchId = randomUUID();
  const rejected: ItemRefusal[] = [];
  const writes: BatchWrite[] = [];
  const indexes: number[] = [];
  const adjustments: (TimeAdjustment | null)[] = [];
  for (const [index, raw] of envelope.value.items.entries()) {
    const parsed = timedOrRefused(parseBatchItem(raw, request.headers, limits, sentAt), clock);
    if (!parsed.ok) {
      rejected.push({ index, status: 400, reason: parsed.reason });
      continue;
    }
    const { identifier } = parsed.value.input;
    // A deleted user's item is dropped as its single request would be: status 200, so
    // the client does not resend it, listed so it is not taken for stored.
    if (
      identifier &&
      (await suppression.suppressed(projectId, token.suppressionVersion, identifier))
    ) {
      rejected.push({ index, status: 200, reason: USER_DELETED_REASON });
      continue;
    }
    writes.push(batchWrite(parsed.value, visit, batchId));
    indexes.push(index);
    adjustments.push(parsed.value.type === "event" ? parsed.value.input.time.adjusted : null);
  }
  if (trace.dryRun) {
    const { allowCookies, items: sent } = envelope.value;
    return dryRun.batch(
      { visit, visitor, allowCookies, token, trace },
      { batchId, count: sent.length, writes, indexes, rejected },
    );
  }

  const written =
    writes.length > 0 ? await writer.batch(projectId, visitor.anonymousId, writes) : [];
  const verdicts: BatchVerdicts = { accepted: 0, rejected, duplicate: [] };
  const timeAdjusted: ItemTimeAdjustment[] = [];
  const items: AcceptedItem[] = [];
  written.forEach((result, position) => {
    const index = indexes[position] as number;
    const item = liveItem(result, writes[position] as BatchWrite, visit);
    if (result.type === "updateUser" && result.identifier === null) {
      rejected.push({ index, status: 400, reason: NO_USER_REASON });
      return;
    }
    verdicts.accepted++;
    if (item) items.push(item);
    else verdicts.duplicate.push(index);
    // Flagged when the event was stored under its receive time, not for a duplicate.
    const adjusted = adjustments[position];
    if (item && adjusted) timeAdjusted.push({ index, reason: adjusted });
  });
  rejected.sort((a, b) => a.index - b.index);
  if (timeAdjusted.length > 0) verdicts.timeAdjusted = timeAdjusted;
  return {
    kind: "batch",
    verdicts,
    items,
    summary: summaryItem(batchId, trace, projectId, envelope.value.items.length, verdicts, now),
  };
};

/** What Live shows for one written item; null for a duplicate (nothing new was stored). */
function liveItem(
  result: BatchWritten,
  write: BatchWrite,
  visit: Visit<unknown>,
): AcceptedItem | null {
  switch (result.type) {
    case "event":
      return write.type === "event" && result.stored
        ? eventItem(write.job.event, result.stored)
        : null;
    case "identify":
      return userChangeItem(visit, "$identify", result.identifier);
    case "updateUser":
      return result.identifier === null
        ? null
        : userChangeItem(visit, "$update_user", result.identifier);
  }
}

export function summaryItem(
  batchId: string,
  trace: RequestTrace,
  projectId: string,
  count: number,
  verdicts: BatchVerdicts,
  now: () => number,
): BatchSummaryItem {
  return {
    itemId: batchId,
    kind: "batch",
    projectId,
    path: trace.url.split("?")[0] ?? "",
    name: null,
    userIdentifier: null,
    items: count,
    accepted: verdicts.accepted,
    duplicates: verdicts.duplicate.length,
    refusedCount: verdicts.rejected.length,
    refused: verdicts.rejected.slice(0, BATCH_SUMMARY_MAX_REFUSED),
    token: trace.token,
    userAgent: trace.userAgent,
    at: new Date(now()).toISOString(),
  };
}
