// Postgres rejects NUL in text and jsonb, and lone UTF-16 surrogates cannot be encoded as
// UTF-8; both would surface as a 500 at insert time, so every client string passes here first.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/** Removes NUL characters and replaces lone surrogates with U+FFFD. */
export function cleanText(text: string): string {
  let out = text.includes("\u0000") ? text.replaceAll("\u0000", "") : text;
  // The surrogate scan is skipped for the common all-BMP-non-surrogate case.
  if (ANY_SURROGATE.test(out)) out = out.replace(LONE_SURROGATE, "\uFFFD");
  return out;
}

/** Cuts to at most `maxChars` code units without leaving half of a surrogate pair behind. */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return cleanText(text.slice(0, Math.max(0, maxChars)));
}

/**
 * Renders a client-chosen key for use inside a refusal reason. Reasons travel in a response
 * header, so only printable ASCII survives and the length is bounded.
 */
export function describeKey(key: string): string {
  const ascii = key.replace(/[^\x20-\x7E]/g, "?").replace(/"/g, "'");
  return ascii.length > 40 ? `${ascii.slice(0, 40)}...` : ascii;
}

/** Type guard for a JSON object: not null, not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
