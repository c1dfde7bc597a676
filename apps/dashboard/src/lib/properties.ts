/**
 * An event's custom data as "key: value" pairs, in the order sent. Values stored as strings
 * show as they are; anything else (a number or nested value kept by an older version) as JSON.
 */
export function propertyEntries(customData: unknown): [string, string][] {
  if (typeof customData !== "object" || customData === null || Array.isArray(customData)) return [];
  return Object.entries(customData as Record<string, unknown>).map(([key, value]) => [
    key,
    typeof value === "string" ? value : JSON.stringify(value),
  ]);
}

/** One line for a list row: the page address if any, then the properties. */
export function eventSummary(url: string | null, customData: unknown): string {
  const properties = propertyEntries(customData).map(([key, value]) => `${key}: ${value}`);
  const parts = [...(url ? [url] : []), ...properties];
  return parts.length > 0 ? parts.join(" · ") : "no properties";
}
