// @inlet/ingest: the pure domain rules of event ingestion. No database, no HTTP and no
// environment access here, so the REST layer, tRPC and the tests share one definition of
// what a valid request is.

// Limits and the parse result shape.
export type { IngestLimits } from "./limits.ts";
export {
  BATCH_MAX_BYTES,
  BATCH_MAX_ITEMS,
  CONTEXT_ID_MAX_CHARS,
  DEFAULT_INGEST_LIMITS,
  DISPLAY_NAME_MAX_CHARS,
  IDEMPOTENCY_KEY_MAX_CHARS,
  IDENTIFIER_MAX_CHARS,
  MAX_JSON_DEPTH,
  REFERRER_MAX_CHARS,
  SDK_HEADER_MAX_CHARS,
  URL_MAX_CHARS,
  USER_AGENT_MAX_CHARS,
} from "./limits.ts";
export type { HeaderMap, ParseResult } from "./result.ts";

// Request parsing, one function per endpoint.
export { extractToken } from "./fields.ts";
export type { SdkMeta } from "./fields.ts";
export { parseTrackRequest } from "./track-request.ts";
export type { TrackInput } from "./track-request.ts";
export { parseIdentifyRequest, parseUpdateUserRequest } from "./user-requests.ts";
export type { IdentifyInput, UpdateUserInput } from "./user-requests.ts";
export { parseBatchEnvelope, parseBatchItem } from "./batch-request.ts";
export type { BatchEnvelope, BatchItem, EnvelopeResult } from "./batch-request.ts";

// Client time: reading `timestamp` / `sentAt`, and the event time they come to.
export { readClientTime } from "./client-time.ts";
export { DEFAULT_TIME_HORIZON_DAYS, FUTURE_TOLERANCE_MS, resolveEventTime } from "./event-time.ts";
export type { ClientTime, EventTime } from "./event-time.ts";

// Building blocks of the parsers, for callers that validate the same shapes elsewhere.
export { parseCustomData } from "./custom-data.ts";
export type { CustomData } from "./custom-data.ts";
export { customDataKinds, valueKind, VALUE_KINDS } from "./value-kind.ts";
export type { ValueKind } from "./value-kind.ts";
export { parseUserDataOps } from "./user-data.ts";
export type { UserDataOps } from "./user-data.ts";
export { FORBIDDEN_KEYS, sanitizeJson } from "./json-value.ts";
export type { JsonValue } from "./json-value.ts";
export { cleanText, isPlainObject } from "./text.ts";
export {
  OUTBOUND_LINK_EVENT,
  PAGEVIEW_EVENT,
  canonicalEventName,
  isSpecialEvent,
} from "./canonical-event.ts";

// Request classification.
export { parseUserAgent } from "./user-agent.ts";
export type { DeviceType, UserAgentInfo } from "./user-agent.ts";
export { isBot, isBrowserAgent } from "./bot.ts";
export { isPrefetch } from "./prefetch.ts";

// Identity and diagnostics.
export {
  cookielessAnonymousId,
  isValidCookieAnonymousId,
  newCookieAnonymousId,
  saltDay,
} from "./anonymous-id.ts";
export type { CookielessIdInput } from "./anonymous-id.ts";
export { identifiedEventLink, linksVisitor, senderKind } from "./sender.ts";
export type { IdentifiedEventLink, SenderKind } from "./sender.ts";
export { eventUser, updatedUser } from "./identity-rules.ts";
export type { EventUserRule, Owner, UpdateUserRule } from "./identity-rules.ts";
export { bodyExcerpt } from "./body-excerpt.ts";
export { LruCache } from "./lru-cache.ts";
