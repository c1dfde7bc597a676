import type { IngestLimits } from "./limits.ts";
import { MAX_JSON_DEPTH } from "./limits.ts";
import type { ParseResult } from "./result.ts";
import { fail, ok } from "./result.ts";
import { cleanText, describeKey } from "./text.ts";

/** Any value JSON can express; the shape stored for user properties and nested event data. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Keys refused anywhere in client-supplied maps. Even though outputs are built without
 * assignment, downstream code merging these objects could still be tricked into
 * prototype pollution, so they never get past ingestion.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
]);

interface WalkContext {
  path: string;
  keyMaxChars: number;
  error: string | null;
}

/**
 * Returns a cleaned deep copy of `value` (NUL-free, well-formed text in values and keys)
 * or a refusal naming `path`. Depth is checked on the way down, so nothing ever recurses
 * or stringifies past MAX_JSON_DEPTH.
 */
export function sanitizeJson(
  value: unknown,
  path: string,
  limits: Pick<IngestLimits, "keyMaxChars">,
): ParseResult<JsonValue> {
  const ctx: WalkContext = { path, keyMaxChars: limits.keyMaxChars, error: null };
  const out = walk(value, 0, ctx);
  return out === undefined ? fail(ctx.error ?? `${path} is not valid JSON`) : ok(out);
}

/** Checks a top-level property key (of customData, set, setOnce or unset); null when fine. */
export function topLevelKeyProblem(
  key: string,
  path: string,
  limits: Pick<IngestLimits, "keyMaxChars">,
): string | null {
  if (key.length === 0) return `${path} contains an empty key`;
  if (FORBIDDEN_KEYS.has(key)) return `${path} contains the forbidden key "${key}"`;
  if (key.length > limits.keyMaxChars) {
    return `${path} key "${describeKey(key)}" is longer than ${limits.keyMaxChars} characters`;
  }
  return null;
}

function walk(value: unknown, depth: number, ctx: WalkContext): JsonValue | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
      return cleanText(value);
    case "boolean":
      return value;
    case "number":
      if (Number.isFinite(value)) return value;
      ctx.error = `${ctx.path} contains a number that is not finite`;
      return undefined;
    case "object":
      break;
    default:
      ctx.error = `${ctx.path} contains a value that is not JSON`;
      return undefined;
  }
  if (depth >= MAX_JSON_DEPTH) {
    ctx.error = `${ctx.path} is nested deeper than ${MAX_JSON_DEPTH} levels`;
    return undefined;
  }
  if (Array.isArray(value)) {
    const items: JsonValue[] = [];
    for (const item of value as unknown[]) {
      // Holes and undefined become null, as JSON.stringify would render them.
      const cleaned = item === undefined ? null : walk(item, depth + 1, ctx);
      if (cleaned === undefined) return undefined;
      items.push(cleaned);
    }
    return items;
  }
  const entries: [string, JsonValue][] = [];
  for (const [rawKey, item] of Object.entries(value)) {
    const key = cleanText(rawKey);
    if (FORBIDDEN_KEYS.has(key)) {
      ctx.error = `${ctx.path} contains the forbidden key "${key}"`;
      return undefined;
    }
    if (key.length > ctx.keyMaxChars) {
      ctx.error = `${ctx.path} has a key longer than ${ctx.keyMaxChars} characters`;
      return undefined;
    }
    if (item === undefined) continue;
    const cleaned = walk(item, depth + 1, ctx);
    if (cleaned === undefined) return undefined;
    entries.push([key, cleaned]);
  }
  // fromEntries defines own data properties, so no key can reach a prototype setter.
  return Object.fromEntries(entries);
}
