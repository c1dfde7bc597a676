import { canonicalEventName, specialEventProblem } from "./canonical-event.ts";
import { readClientTime } from "./client-time.ts";
import type { CustomData } from "./custom-data.ts";
import { parseCustomData } from "./custom-data.ts";
import type { SdkMeta } from "./fields.ts";
import {
  own,
  readAllowCookies,
  readIdempotencyKey,
  readOptionalText,
  readSdkMeta,
  readUserIdentity,
} from "./fields.ts";
import type { IngestLimits } from "./limits.ts";
import { CONTEXT_ID_MAX_CHARS, DEFAULT_INGEST_LIMITS, URL_MAX_CHARS } from "./limits.ts";
import type { HeaderMap, ParseResult } from "./result.ts";
import { fail, guarded, ok } from "./result.ts";
import { cleanText, isPlainObject } from "./text.ts";
import type { UserDataOps } from "./user-data.ts";
import { parseUserDataOps } from "./user-data.ts";
import type { ValueKind } from "./value-kind.ts";
import { customDataKinds } from "./value-kind.ts";
import type { ClientTime } from "./event-time.ts";

/**
 * A validated `POST /e` request in canonical form (seed names, SDK aliases resolved). Its
 * `timestamp` and `sentAt` are epoch milliseconds; a batch item's `sentAt` is its envelope's.
 */
export interface TrackInput extends SdkMeta, ClientTime {
  /** Canonical event name: `$$pageView` becomes `$pageview`, `$$outboundLink` `$outbound_link`. */
  name: string;
  url: string | null;
  /** From `identifier`, or the node SDK's `userIdentifier`. */
  identifier: string | null;
  /** From `displayName`, or `userDisplayName`. */
  displayName: string | null;
  /** From `avatarUrl`, or `userAvatarUrl`. */
  avatarUrl: string | null;
  /** Event properties, every value as text (see parseCustomData for the conversion rules). */
  customData: CustomData;
  /** What each customData value was sent as, for the event catalogue. */
  customDataKinds: Record<string, ValueKind>;
  /** User property operations sent along with the event, or null when none were sent. */
  userData: UserDataOps | null;
  contextId: string | null;
  /** `Allow-Cookies: true` as header, or in the body for beacon calls. */
  allowCookies: boolean;
  /** `Idempotency-Key` header or body `id`. */
  idempotencyKey: string | null;
}

/**
 * Validates a track body (already JSON-parsed) plus its headers. Never throws; unknown
 * body fields are ignored; a wrong type or broken limit yields a reason.
 */
export function parseTrackRequest(
  body: unknown,
  headers: HeaderMap,
  limits: IngestLimits = DEFAULT_INGEST_LIMITS,
): ParseResult<TrackInput> {
  return guarded(() => parseTrack(body, headers, limits));
}

function parseTrack(
  body: unknown,
  headers: HeaderMap,
  limits: IngestLimits,
): ParseResult<TrackInput> {
  if (!isPlainObject(body)) return fail("body must be a JSON object");
  const name = parseName(own(body, "name"), limits);
  if (!name.ok) return name;
  const url = readOptionalText(body, ["url"], URL_MAX_CHARS);
  if (!url.ok) return url;
  const identity = readUserIdentity(body);
  if (!identity.ok) return identity;
  const contextId = readOptionalText(body, ["contextId"], CONTEXT_ID_MAX_CHARS);
  if (!contextId.ok) return contextId;
  const customData = parseCustomData(own(body, "customData"), limits);
  if (!customData.ok) return customData;
  const userData = parseUserDataOps(own(body, "userData"), "userData", limits);
  if (!userData.ok) return userData;
  const idempotencyKey = readIdempotencyKey(body, headers);
  if (!idempotencyKey.ok) return idempotencyKey;
  const timestamp = readClientTime(body, "timestamp");
  if (!timestamp.ok) return timestamp;
  const sentAt = readClientTime(body, "sentAt");
  if (!sentAt.ok) return sentAt;

  const problem = specialEventProblem(name.value, url.value, customData.value);
  if (problem !== null) return fail(problem);
  return ok({
    name: name.value,
    url: url.value,
    ...identity.value,
    customData: customData.value,
    customDataKinds: customDataKinds(own(body, "customData"), customData.value),
    userData: userData.value,
    contextId: contextId.value,
    allowCookies: readAllowCookies(body, headers),
    idempotencyKey: idempotencyKey.value,
    timestamp: timestamp.value,
    sentAt: sentAt.value,
    ...readSdkMeta(body, headers),
  });
}

function parseName(
  value: unknown,
  limits: Pick<IngestLimits, "nameMaxChars">,
): ParseResult<string> {
  if (value === undefined || value === null) return fail("name is required");
  if (typeof value !== "string") return fail("name must be a string");
  const name = cleanText(value).trim();
  if (name.length === 0) return fail("name is required");
  if (name.length > limits.nameMaxChars) {
    return fail(`name is longer than ${limits.nameMaxChars} characters`);
  }
  return ok(canonicalEventName(name));
}
