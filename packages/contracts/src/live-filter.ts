import type { LiveItem, LiveKind } from "./live-item.ts";

/** What a viewer narrows the live stream to; empty or absent parts match everything. */
export interface LiveFilter {
  names?: readonly string[] | undefined;
  userIdentifier?: string | undefined;
  kinds?: readonly LiveKind[] | undefined;
}

/**
 * The one definition of the live filter: the server applies it before sending, and the
 * dashboard again to rows it already holds when the viewer changes the filter.
 */
export function matchesLiveFilter(filter: LiveFilter, item: LiveItem): boolean {
  if (filter.kinds?.length && !filter.kinds.includes(item.kind)) return false;
  if (filter.names?.length && !(item.name !== null && filter.names.includes(item.name)))
    return false;
  if (filter.userIdentifier && item.userIdentifier !== filter.userIdentifier) return false;
  return true;
}
