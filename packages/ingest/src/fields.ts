import {
  DISPLAY_NAME_MAX_CHARS,
  IDEMPOTENCY_KEY_MAX_CHARS,
  IDENTIFIER_MAX_CHARS,
  REFERRER_MAX_CHARS,
  SDK_HEADER_MAX_CHARS,
  URL_MAX_CHARS,
} from "./limits.ts";
import type { HeaderMap, ParseResult } from "./result.ts";
import { fail, header, ok } from "./result.ts";
import { cleanText, isPlainObject, truncateText } from "./text.ts";

/** Reads an own member only, so inherited names such as `constructor` never count as sent. */
export function own(body: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(body, key) ? body[key] : undefined;
}

/**
 * Reads an optional text field that may arrive under several names (seed name first, then
 * SDK aliases). Trimmed and cleaned; empty means absent (null); too long is refused.
 */
export function readOptionalText(
  body: Record<string, unknown>,
  names: readonly string[],
  maxChars: number,
): ParseResult<string | null> {
  for (const name of names) {
    const value = own(body, name);
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") return fail(`${name} must be a string`);
    const text = cleanText(value).trim();
    if (text.length > maxChars) return fail(`${name} is longer than ${maxChars} characters`);
    // Empty counts as absent, so a later alias may still supply the value.
    if (text.length > 0) return ok(text);
  }
  return ok(null);
}

export interface UserIdentity {
  identifier: string | null;
  displayName: string | null;
  avatarUrl: string | null;
}

/** Who a request speaks of, under the seed's names or the SDKs' aliases; shared by /e, /i, /u. */
export function readUserIdentity(body: Record<string, unknown>): ParseResult<UserIdentity> {
  const identifier = readOptionalText(body, ["identifier", "userIdentifier"], IDENTIFIER_MAX_CHARS);
  if (!identifier.ok) return identifier;
  const displayName = readOptionalText(
    body,
    ["displayName", "userDisplayName"],
    DISPLAY_NAME_MAX_CHARS,
  );
  if (!displayName.ok) return displayName;
  const avatarUrl = readOptionalText(body, ["avatarUrl", "userAvatarUrl"], URL_MAX_CHARS);
  if (!avatarUrl.ok) return avatarUrl;
  return ok({
    identifier: identifier.value,
    displayName: displayName.value,
    avatarUrl: avatarUrl.value,
  });
}

/**
 * The project token: body `projectToken` (seed), else body `Token` (SDK beacons), else the
 * `token` header (SDK XHR). Works on any body so even a refused request can be attributed.
 */
export function extractToken(body: unknown, headers: HeaderMap): string | null {
  if (isPlainObject(body)) {
    for (const name of ["projectToken", "Token"]) {
      const token = tokenText(own(body, name));
      if (token !== null) return token;
    }
  }
  return tokenText(header(headers, "token"));
}

function tokenText(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const text = cleanText(value).trim();
  return text.length === 0 ? null : text;
}

/** Cookie tracking is opted into by the `Allow-Cookies` header, or that name in a beacon body. */
export function readAllowCookies(body: Record<string, unknown>, headers: HeaderMap): boolean {
  if (isTrue(header(headers, "allow-cookies"))) return true;
  const fromBody = own(body, "Allow-Cookies");
  return fromBody === true || isTrue(fromBody);
}

function isTrue(value: unknown): boolean {
  return typeof value === "string" && value.trim().toLowerCase() === "true";
}

/** `Idempotency-Key` header, else body `id`. Present but unusable is refused, never ignored. */
export function readIdempotencyKey(
  body: Record<string, unknown>,
  headers: HeaderMap,
): ParseResult<string | null> {
  const fromHeader = header(headers, "idempotency-key");
  const [name, value] =
    fromHeader !== undefined ? ["idempotency-key", fromHeader] : ["id", own(body, "id")];
  if (value === undefined || value === null) return ok(null);
  if (typeof value !== "string") return fail(`${name} must be a string`);
  const key = cleanText(value).trim();
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_CHARS) {
    return fail(`${name} must be 1 to ${IDEMPOTENCY_KEY_MAX_CHARS} characters`);
  }
  return ok(key);
}

/** Informational metadata the SDKs send; beacons carry V-SDK / V-SDK-Version in the body. */
export interface SdkMeta {
  referrer: string | null;
  sdk: string | null;
  sdkVersion: string | null;
}

export function readSdkMeta(body: Record<string, unknown>, headers: HeaderMap): SdkMeta {
  return {
    referrer: metaText(header(headers, "v-referrer"), REFERRER_MAX_CHARS),
    sdk: metaText(header(headers, "v-sdk") ?? own(body, "V-SDK"), SDK_HEADER_MAX_CHARS),
    sdkVersion: metaText(
      header(headers, "v-sdk-version") ?? own(body, "V-SDK-Version"),
      SDK_HEADER_MAX_CHARS,
    ),
  };
}

// Metadata is never worth refusing an event over, so bad values are cut or dropped.
function metaText(value: unknown, maxChars: number): string | null {
  if (typeof value !== "string") return null;
  const text = truncateText(cleanText(value).trim(), maxChars).trim();
  return text.length === 0 ? null : text;
}
