import type { LiveBus, LiveItem } from "@inlet/db";
import { RateLimiter } from "../http/rate-limiter.ts";

/** Unmatched requests published per second per process (a burst of five times as many). */
export const UNMATCHED_PER_SECOND = 20;

/** Requests no project can be found for: they appear only in the admins' Unmatched view. */
export function reachedNoProject(item: LiveItem): boolean {
  return item.kind === "refused" && item.projectId === null;
}

/**
 * Passes every item to the live channel except unmatched requests beyond a fixed rate.
 * Anyone can send those with made-up tokens, so a flood of them must not crowd the
 * channel, the other processes or the kept history; a sample is all an admin needs.
 */
export function gateUnmatched(
  bus: LiveBus,
  perSecond = UNMATCHED_PER_SECOND,
  now: () => number = Date.now,
): LiveBus {
  const limiter = new RateLimiter(perSecond, perSecond * 5, now, 1);
  return {
    publish(item) {
      if (reachedNoProject(item) && !limiter.take("unmatched").allowed) return;
      bus.publish(item);
    },
    settled: () => bus.settled(),
    subscribe: (listener) => bus.subscribe(listener),
    forget: (notice) => bus.forget(notice),
    subscribeForget: (listener) => bus.subscribeForget(listener),
    close: () => bus.close(),
  };
}
