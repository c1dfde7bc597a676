import { isDeepStrictEqual } from "node:util";
import { isPlainObject, type JsonValue } from "@inlet/ingest";
import { applyUserOps } from "./user-ops.ts";
import type { UserChange } from "./user-writes.ts";

// What a user write would change, for a dry run: the change applied to the stored user as
// the store applies it (user-writes.ts), and only the fields that would then differ.

/** A user as stored, as far as a change can touch it. */
export interface StoredUser {
  displayName: string | null;
  avatarUrl: string | null;
  properties: Record<string, JsonValue>;
}

/**
 * The fields a write would change, each with its new value; `{}` when the user already has
 * all it says, and so would not be written. A `setOnce` that fills a key shows under `set`.
 */
export interface UserChanges {
  displayName?: string;
  avatarUrl?: string;
  properties?: { set: Record<string, JsonValue>; unset: string[] };
}

const NO_USER: StoredUser = { displayName: null, avatarUrl: null, properties: {} };

/** The stored `properties` column as an object; anything else counts as none. */
export function storedProperties(value: unknown): Record<string, JsonValue> {
  return isPlainObject(value) ? (value as Record<string, JsonValue>) : {};
}

function propertyChanges(
  before: Record<string, JsonValue>,
  after: Record<string, JsonValue>,
): UserChanges["properties"] {
  const set: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(after))
    if (!Object.hasOwn(before, key) || !isDeepStrictEqual(before[key], value)) set[key] = value;
  const unset = Object.keys(before).filter((key) => !Object.hasOwn(after, key));
  return Object.keys(set).length > 0 || unset.length > 0 ? { set, unset } : undefined;
}

/** The user after `change` (to `stored`, or to a new user when undefined), and what differs. */
export function previewUserChange(
  stored: StoredUser | undefined,
  change: UserChange,
): { after: StoredUser; changes: UserChanges } {
  const before = stored ?? NO_USER;
  const after: StoredUser = {
    displayName: change.displayName ?? before.displayName,
    avatarUrl: change.avatarUrl ?? before.avatarUrl,
    properties: change.ops ? applyUserOps(before.properties, change.ops) : before.properties,
  };
  const changes: UserChanges = {};
  if (after.displayName !== null && after.displayName !== before.displayName)
    changes.displayName = after.displayName;
  if (after.avatarUrl !== null && after.avatarUrl !== before.avatarUrl)
    changes.avatarUrl = after.avatarUrl;
  const properties = propertyChanges(before.properties, after.properties);
  if (properties) changes.properties = properties;
  return { after, changes };
}
