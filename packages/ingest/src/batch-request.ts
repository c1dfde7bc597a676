import { readClientTime } from "./client-time.ts";
import { own, readAllowCookies } from "./fields.ts";
import { BATCH_MAX_ITEMS } from "./limits.ts";
import type { IngestLimits } from "./limits.ts";
import type { HeaderMap, ParseResult } from "./result.ts";
import { fail, guarded, ok } from "./result.ts";
import { isPlainObject } from "./text.ts";
import { parseTrackRequest, type TrackInput } from "./track-request.ts";
import {
  parseIdentifyRequest,
  parseUpdateUserRequest,
  type IdentifyInput,
  type UpdateUserInput,
} from "./user-requests.ts";

/** A readable `POST /batch` body: its items, not yet validated one by one. */
export interface BatchEnvelope {
  items: unknown[];
  /** One visitor speaks for a whole batch: `Allow-Cookies` as header, or in the envelope. */
  allowCookies: boolean;
  /** When the client sent the batch (epoch ms): every item's clock skew is measured by it. */
  sentAt: number | null;
}

/** Why a whole batch is refused: 400 for an unreadable envelope, 413 for too many items. */
export type EnvelopeResult =
  { ok: true; value: BatchEnvelope } | { ok: false; status: 400 | 413; reason: string };

/** Validates the envelope only; each item gets its own verdict from parseBatchItem. */
export function parseBatchEnvelope(body: unknown, headers: HeaderMap): EnvelopeResult {
  if (!isPlainObject(body)) return { ok: false, status: 400, reason: "body must be a JSON object" };
  const items = Object.hasOwn(body, "batch") ? body["batch"] : undefined;
  if (!Array.isArray(items)) return { ok: false, status: 400, reason: "batch must be an array" };
  if (items.length > BATCH_MAX_ITEMS) {
    return { ok: false, status: 413, reason: `batch has more than ${BATCH_MAX_ITEMS} items` };
  }
  const sentAt = readClientTime(body, "sentAt");
  if (!sentAt.ok) return { ok: false, status: 400, reason: sentAt.reason };
  return {
    ok: true,
    value: { items, allowCookies: readAllowCookies(body, headers), sentAt: sentAt.value },
  };
}

/** One validated item, in the canonical form of its single-request endpoint. */
export type BatchItem =
  | { type: "event"; input: TrackInput }
  | { type: "identify"; input: IdentifyInput }
  | { type: "updateUser"; input: UpdateUserInput };

const ITEM_TYPES = "event, identify or updateUser";

// One batch is sent at one instant, so one sentAt measures the skew of all its items. An
// item carrying its own is refused rather than ignored: its sender meant something by it.
const ITEM_SENT_AT_REASON = "sentAt belongs in the batch envelope, not in an item";

/**
 * An item is the body its single endpoint would take, plus `type`. The request's headers
 * apply to every item (SDK metadata, Allow-Cookies) except Idempotency-Key: an item's
 * key is its own `id`, since one header cannot name a thousand items. `sentAt` is the
 * envelope's (parseBatchEnvelope).
 */
export function parseBatchItem(
  item: unknown,
  headers: HeaderMap,
  limits: IngestLimits,
  sentAt: number | null = null,
): ParseResult<BatchItem> {
  return guarded(() => {
    if (!isPlainObject(item)) return fail("item must be a JSON object");
    const type = Object.hasOwn(item, "type") ? item["type"] : undefined;
    const itemSentAt = own(item, "sentAt");
    if (itemSentAt !== undefined && itemSentAt !== null && itemSentAt !== "") {
      return fail(ITEM_SENT_AT_REASON);
    }
    const itemHeaders = withoutIdempotencyKey(headers);
    switch (type) {
      case "event": {
        const parsed = parseTrackRequest(item, itemHeaders, limits);
        return parsed.ok ? ok({ type, input: { ...parsed.value, sentAt } }) : parsed;
      }
      case "identify": {
        const parsed = parseIdentifyRequest(item, itemHeaders, limits);
        return parsed.ok ? ok({ type, input: { ...parsed.value, sentAt } }) : parsed;
      }
      case "updateUser": {
        const parsed = parseUpdateUserRequest(item, itemHeaders, limits);
        return parsed.ok ? ok({ type, input: { ...parsed.value, sentAt } }) : parsed;
      }
      default:
        return fail(`type must be ${ITEM_TYPES}`);
    }
  });
}

function withoutIdempotencyKey(headers: HeaderMap): HeaderMap {
  if (!Object.hasOwn(headers, "idempotency-key")) return headers;
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "idempotency-key"));
}
