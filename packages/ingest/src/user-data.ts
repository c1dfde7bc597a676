import { own } from "./fields.ts";
import type { IngestLimits } from "./limits.ts";
import type { JsonValue } from "./json-value.ts";
import { sanitizeJson, topLevelKeyProblem } from "./json-value.ts";
import type { ParseResult } from "./result.ts";
import { fail, ok } from "./result.ts";
import { cleanText, describeKey, isPlainObject } from "./text.ts";

/**
 * User property operations, applied in this order by the store: `set` overwrites keys,
 * `setOnce` fills only keys that are not yet set, `unset` removes keys. All three parts
 * are always present (empty when the client omitted them).
 */
export interface UserDataOps {
  set: Record<string, JsonValue>;
  setOnce: Record<string, JsonValue>;
  unset: string[];
}

type UserDataLimits = Pick<IngestLimits, "customDataMaxKeys" | "keyMaxChars" | "valueMaxChars">;

/**
 * Validates a `userData` / `data` object. Absent or null means "no user update" (null).
 * Other members besides set/setOnce/unset are ignored, like unknown body fields.
 * Values keep their JSON type (a `null` in `set` stores null; it does not unset).
 */
export function parseUserDataOps(
  value: unknown,
  path: string,
  limits: UserDataLimits,
): ParseResult<UserDataOps | null> {
  if (value === undefined || value === null) return ok(null);
  if (!isPlainObject(value)) return fail(`${path} must be an object`);
  const set = parsePropertyMap(own(value, "set"), `${path}.set`, limits);
  if (!set.ok) return set;
  const setOnce = parsePropertyMap(own(value, "setOnce"), `${path}.setOnce`, limits);
  if (!setOnce.ok) return setOnce;
  const unset = parseUnset(own(value, "unset"), `${path}.unset`, limits);
  if (!unset.ok) return unset;
  return ok({ set: set.value, setOnce: setOnce.value, unset: unset.value });
}

function parsePropertyMap(
  value: unknown,
  path: string,
  limits: UserDataLimits,
): ParseResult<Record<string, JsonValue>> {
  if (value === undefined || value === null) return ok({});
  if (!isPlainObject(value)) return fail(`${path} must be an object`);
  const rawKeys = Object.keys(value);
  if (rawKeys.length > limits.customDataMaxKeys) {
    return fail(`${path} has more than ${limits.customDataMaxKeys} keys`);
  }
  const entries: [string, JsonValue][] = [];
  for (const rawKey of rawKeys) {
    const key = cleanText(rawKey);
    const problem = topLevelKeyProblem(key, path, limits);
    if (problem !== null) return fail(problem);
    const item = value[rawKey];
    if (item === undefined) continue;
    const keyPath = `${path}.${describeKey(key)}`;
    const cleaned = sanitizeJson(item, keyPath, limits);
    if (!cleaned.ok) return cleaned;
    // Measured like customData: a string by itself, anything else by its JSON text (safe
    // to stringify, sanitizeJson has already bounded the depth).
    const v = cleaned.value;
    const size = typeof v === "string" ? v.length : JSON.stringify(v).length;
    if (size > limits.valueMaxChars) {
      return fail(`${keyPath} is longer than ${limits.valueMaxChars} characters`);
    }
    entries.push([key, cleaned.value]);
  }
  return ok(Object.fromEntries(entries));
}

function parseUnset(value: unknown, path: string, limits: UserDataLimits): ParseResult<string[]> {
  if (value === undefined || value === null) return ok([]);
  if (!Array.isArray(value)) return fail(`${path} must be an array of strings`);
  if (value.length > limits.customDataMaxKeys) {
    return fail(`${path} has more than ${limits.customDataMaxKeys} keys`);
  }
  const keys = new Set<string>();
  for (const item of value as unknown[]) {
    if (typeof item !== "string") return fail(`${path} must be an array of strings`);
    const key = cleanText(item);
    const problem = topLevelKeyProblem(key, path, limits);
    if (problem !== null) return fail(problem);
    keys.add(key);
  }
  return ok([...keys]);
}
