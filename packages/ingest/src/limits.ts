/**
 * Size limits for what one ingestion request may carry. The server reads overrides from
 * its configuration and passes the result in, so this package never looks at the
 * environment itself.
 */
export interface IngestLimits {
  /** Largest accepted request body, in bytes (enforced by the HTTP layer, 413 above it). */
  bodyBytes: number;
  /** Longest event name, in UTF-16 code units after trimming. */
  nameMaxChars: number;
  /** Most keys in `customData`, and in each of `set` / `setOnce` / `unset` of user data. */
  customDataMaxKeys: number;
  /** Longest property key in `customData` and user data, at any depth. */
  keyMaxChars: number;
  /** Longest property value, measured on its stored text (JSON text for structured values). */
  valueMaxChars: number;
}

/** The documented defaults: 64 KB body, 200-char names, 100 keys, 100-char keys, 4 KB values. */
export const DEFAULT_INGEST_LIMITS: Readonly<IngestLimits> = Object.freeze({
  bodyBytes: 65_536,
  nameMaxChars: 200,
  customDataMaxKeys: 100,
  keyMaxChars: 100,
  valueMaxChars: 4096,
});

/**
 * Deepest nesting accepted inside a property value (`[[1]]` has depth 2). Checked before
 * anything recurses into or stringifies the value, so hostile input cannot exhaust the stack.
 */
export const MAX_JSON_DEPTH = 16;

// Column-sized caps for the identity fields; longer input is refused rather than cut, so a
// client never has its user silently renamed.
export const IDENTIFIER_MAX_CHARS = 255;
export const DISPLAY_NAME_MAX_CHARS = 255;
export const CONTEXT_ID_MAX_CHARS = 255;
export const URL_MAX_CHARS = 2048;
export const IDEMPOTENCY_KEY_MAX_CHARS = 200;

// SDK metadata headers are informational only, so they are truncated instead of refused.
export const SDK_HEADER_MAX_CHARS = 200;
export const REFERRER_MAX_CHARS = 2048;

// User agents are cut, not refused, to this length before they are stored, parsed or
// matched against bot lists: every signature those lists look for sits well inside it, and
// it bounds the memory of the parse caches.
export const USER_AGENT_MAX_CHARS = 1024;

// `POST /batch`: what one request may carry. The byte limit is on the body as read
// (after decompression), like every other body limit.
export const BATCH_MAX_ITEMS = 1_000;
export const BATCH_MAX_BYTES = 1_048_576;
