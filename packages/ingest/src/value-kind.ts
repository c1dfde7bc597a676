import type { CustomData } from "./custom-data.ts";
import { cleanText, isPlainObject } from "./text.ts";

/**
 * What a client sent as a property value. Stored values are all text (see parseCustomData),
 * so the kind is read from the request, before that conversion loses it.
 */
export type ValueKind = "text" | "number" | "boolean" | "json";

export const VALUE_KINDS: readonly ValueKind[] = ["text", "number", "boolean", "json"];

/** The kind of one sent value; null for what is not stored (null, undefined). */
export function valueKind(value: unknown): ValueKind | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
      return "text";
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    default:
      return "json";
  }
}

/**
 * The kind of every key that parseCustomData kept, read from the raw `customData` it was
 * given. Keys are cleaned the same way, so they match the stored ones; when two raw keys
 * clean to one, the last wins, as it does in the stored map.
 */
export function customDataKinds(raw: unknown, kept: CustomData): Record<string, ValueKind> {
  if (!isPlainObject(raw)) return {};
  const entries: [string, ValueKind][] = [];
  for (const rawKey of Object.keys(raw)) {
    const key = cleanText(rawKey);
    const kind = valueKind(raw[rawKey]);
    if (kind !== null && Object.hasOwn(kept, key)) entries.push([key, kind]);
  }
  return Object.fromEntries(entries);
}
