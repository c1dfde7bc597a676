import type { HeaderMap } from "./result.ts";
import { header } from "./result.ts";

/**
 * True when the browser says this request is speculative (a prefetch or a link preview)
 * rather than a real visit. Such requests are acknowledged but not stored, otherwise a
 * hovered link would count as a pageview. Recognised, case-insensitively:
 * - `Purpose: prefetch` (older Chrome, Safari)
 * - `Sec-Purpose: prefetch` or `prefetch;prerender` (current Chromium)
 * - `X-Purpose: preview` (Safari top sites) or `X-Purpose: prefetch`
 * - `X-Moz: prefetch` (Firefox)
 */
export function isPrefetch(headers: HeaderMap): boolean {
  return (
    hasToken(header(headers, "purpose"), "prefetch") ||
    hasToken(header(headers, "sec-purpose"), "prefetch") ||
    hasToken(header(headers, "x-purpose"), "preview") ||
    hasToken(header(headers, "x-purpose"), "prefetch") ||
    hasToken(header(headers, "x-moz"), "prefetch")
  );
}

// Values can list several tokens ("prefetch;prerender", "prefetch, anonymous-client-ip").
function hasToken(value: string | undefined, token: string): boolean {
  if (value === undefined) return false;
  return value
    .toLowerCase()
    .split(/[;,]/)
    .some((part) => part.trim() === token);
}
