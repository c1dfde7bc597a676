import type { CustomData } from "./custom-data.ts";

/** Canonical name of a pageview; requires `url`. */
export const PAGEVIEW_EVENT = "$pageview";
/** Canonical name of an outbound link click; requires `url` and `customData.href`. */
export const OUTBOUND_LINK_EVENT = "$outbound_link";

// The published SDKs name the special events differently from the seed contract; the
// stored form is always the seed's, so queries need to know only one spelling.
const SDK_EVENT_ALIASES: ReadonlyMap<string, string> = new Map([
  ["$$pageView", PAGEVIEW_EVENT],
  ["$$outboundLink", OUTBOUND_LINK_EVENT],
]);

/** Maps an SDK spelling of a special event to the canonical one; other names pass through. */
export function canonicalEventName(name: string): string {
  return SDK_EVENT_ALIASES.get(name) ?? name;
}

/** True for names the hub gives a meaning to (after canonicalisation). */
export function isSpecialEvent(name: string): boolean {
  return name === PAGEVIEW_EVENT || name === OUTBOUND_LINK_EVENT;
}

/**
 * Checks the extra fields a special event needs; returns a refusal reason, or null when
 * the event is complete. `name` must already be canonical.
 */
export function specialEventProblem(
  name: string,
  url: string | null,
  customData: CustomData,
): string | null {
  if (!isSpecialEvent(name)) return null;
  if (url === null) return `${name} requires url`;
  // The page's address is what these events are about. The reference hub refuses a
  // pageview whose url is not a URL, so a client that works with Inlet works there too;
  // an outbound link's url is the same page address.
  if (!URL.canParse(url)) return `${name} url must be an absolute URL`;
  if (name === OUTBOUND_LINK_EVENT) {
    const href = Object.hasOwn(customData, "href") ? customData.href : undefined;
    if (href === undefined || href.trim().length === 0) {
      return `${OUTBOUND_LINK_EVENT} requires customData.href`;
    }
  }
  return null;
}
