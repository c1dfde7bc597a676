import { readClientTime } from "./client-time.ts";
import { own, readAllowCookies, readUserIdentity } from "./fields.ts";
import type { IngestLimits } from "./limits.ts";
import { DEFAULT_INGEST_LIMITS } from "./limits.ts";
import type { HeaderMap, ParseResult } from "./result.ts";
import { fail, guarded, ok } from "./result.ts";
import { isPlainObject } from "./text.ts";
import type { UserDataOps } from "./user-data.ts";
import { parseUserDataOps } from "./user-data.ts";

/** A validated `POST /i` request: link the caller's anonymous id to `identifier`. */
export interface IdentifyInput {
  /** Required; from `identifier` or `userIdentifier`. */
  identifier: string;
  displayName: string | null;
  avatarUrl: string | null;
  /** From `data` (what the web SDK sends with identify), else `userData`; null when absent. */
  userData: UserDataOps | null;
  allowCookies: boolean;
  /** Checked like an event's, so a bad one is refused alike; a user change has no event time. */
  sentAt: number | null;
}

/**
 * A validated `POST /u` request. With no identifier the server falls back to the user
 * linked to the anonymous id. An update carrying nothing is accepted: it is harmless and
 * the web SDK's `updateUser({})` sends exactly that.
 */
export interface UpdateUserInput {
  /** From `identifier` (web SDK) or `userIdentifier` (node SDK); null when absent. */
  identifier: string | null;
  /** Null means "leave unchanged"; there is no way to clear a display name. */
  displayName: string | null;
  avatarUrl: string | null;
  /** From `data` (seed and both SDKs), else `userData`; null when absent. */
  data: UserDataOps | null;
  allowCookies: boolean;
  sentAt: number | null;
}

interface UserFields {
  identifier: string | null;
  displayName: string | null;
  avatarUrl: string | null;
  data: UserDataOps | null;
  allowCookies: boolean;
  sentAt: number | null;
}

/** Validates an identify body; `identifier` is required. Never throws. */
export function parseIdentifyRequest(
  body: unknown,
  headers: HeaderMap,
  limits: IngestLimits = DEFAULT_INGEST_LIMITS,
): ParseResult<IdentifyInput> {
  return guarded(() => {
    const fields = parseUserFields(body, headers, limits);
    if (!fields.ok) return fields;
    const { identifier, data, ...rest } = fields.value;
    if (identifier === null) return fail("identifier is required");
    return ok({ identifier, ...rest, userData: data });
  });
}

/** Validates an update-user body; every field is optional. Never throws. */
export function parseUpdateUserRequest(
  body: unknown,
  headers: HeaderMap,
  limits: IngestLimits = DEFAULT_INGEST_LIMITS,
): ParseResult<UpdateUserInput> {
  return guarded(() => parseUserFields(body, headers, limits));
}

function parseUserFields(
  body: unknown,
  headers: HeaderMap,
  limits: IngestLimits,
): ParseResult<UserFields> {
  if (!isPlainObject(body)) return fail("body must be a JSON object");
  const identity = readUserIdentity(body);
  if (!identity.ok) return identity;
  // Reasons name the member the client actually used.
  const dataKey =
    own(body, "data") !== undefined && own(body, "data") !== null ? "data" : "userData";
  const data = parseUserDataOps(own(body, dataKey), dataKey, limits);
  if (!data.ok) return data;
  const sentAt = readClientTime(body, "sentAt");
  if (!sentAt.ok) return sentAt;
  return ok({
    ...identity.value,
    data: data.value,
    allowCookies: readAllowCookies(body, headers),
    sentAt: sentAt.value,
  });
}
