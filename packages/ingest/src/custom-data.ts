import type { IngestLimits } from "./limits.ts";
import type { ParseResult } from "./result.ts";
import { fail, ok } from "./result.ts";
import { sanitizeJson, topLevelKeyProblem } from "./json-value.ts";
import { cleanText, describeKey, isPlainObject } from "./text.ts";

/** Event properties as stored: every value is text. */
export type CustomData = Record<string, string>;

/**
 * Validates `customData` and converts every value to text:
 * - strings are kept (cleaned of NUL and lone surrogates);
 * - numbers and booleans become their text (`99.5` -> "99.5", `true` -> "true");
 * - objects and arrays become their JSON text, after the depth and forbidden-key checks;
 * - `null` (and `undefined`) drop the key: a stored text "null" would be indistinguishable
 *   from a client that sent the string "null", and an absent key is what a property
 *   filter for "not set" expects.
 * An absent or null `customData` is an empty map.
 */
export function parseCustomData(
  value: unknown,
  limits: Pick<IngestLimits, "customDataMaxKeys" | "keyMaxChars" | "valueMaxChars">,
): ParseResult<CustomData> {
  if (value === undefined || value === null) return ok({});
  if (!isPlainObject(value)) return fail("customData must be an object");
  const rawKeys = Object.keys(value);
  if (rawKeys.length > limits.customDataMaxKeys) {
    return fail(`customData has more than ${limits.customDataMaxKeys} keys`);
  }
  const entries: [string, string][] = [];
  for (const rawKey of rawKeys) {
    const key = cleanText(rawKey);
    const problem = topLevelKeyProblem(key, "customData", limits);
    if (problem !== null) return fail(problem);
    const text = valueText(value[rawKey], key, limits);
    if (!text.ok) return text;
    if (text.value === null) continue;
    if (text.value.length > limits.valueMaxChars) {
      return fail(`${keyPath(key)} is longer than ${limits.valueMaxChars} characters`);
    }
    entries.push([key, text.value]);
  }
  // fromEntries never invokes a prototype setter, whatever the keys are.
  return ok(Object.fromEntries(entries));
}

// Built only when needed: a reason, or a nested value's checks. Every key of every event
// passes here, and most are plain text.
const keyPath = (key: string) => `customData.${describeKey(key)}`;

function valueText(
  value: unknown,
  key: string,
  limits: Pick<IngestLimits, "keyMaxChars">,
): ParseResult<string | null> {
  if (value === null || value === undefined) return ok(null);
  if (typeof value === "string") return ok(cleanText(value));
  if (typeof value === "boolean") return ok(String(value));
  if (typeof value === "number") {
    return Number.isFinite(value)
      ? ok(String(value))
      : fail(`${keyPath(key)} must be a finite number`);
  }
  if (typeof value !== "object") return fail(`${keyPath(key)} has an unsupported value type`);
  const cleaned = sanitizeJson(value, keyPath(key), limits);
  return cleaned.ok ? ok(JSON.stringify(cleaned.value)) : cleaned;
}
