// Events are partitioned by receive time, but listed and filtered by event time. Ingestion
// accepts an event time at most FUTURE_TOLERANCE ahead of its receipt and at most the time
// horizon behind it, so every stored event has
//   occurred_at − FUTURE_TOLERANCE ≤ received_at ≤ occurred_at + horizon,
// and a filter on event time implies one on receive time, which lets PostgreSQL skip the
// partitions that cannot match. This is the one place that derives it.

/** How far ahead of its receipt an event time may lie (ingestion stores the receipt beyond). */
export const EVENT_TIME_FUTURE_TOLERANCE_MS = 60 * 60_000;

/**
 * The largest time horizon ingestion may ever be configured with. The bound uses this, not
 * the current setting: events accepted under an earlier, longer horizon must stay visible.
 */
export const EVENT_TIME_MAX_HORIZON_DAYS = 3650;

const HORIZON_MS = EVENT_TIME_MAX_HORIZON_DAYS * 24 * 3600 * 1000;

export interface EventTimeFilter {
  /** occurred_at ≥ from */
  from?: Date | undefined;
  /** occurred_at < to */
  to?: Date | undefined;
  /** occurred_at ≤ atMost (a cursor's position) */
  atMost?: Date | undefined;
}

/** The receive-time range implied by an event-time filter: received_at ≥ gte, < lt. */
export function receivedAtBounds(filter: EventTimeFilter): { gte?: Date; lt?: Date } {
  const uppers = [
    filter.to && filter.to.getTime() + HORIZON_MS,
    // ≤ atMost + horizon, as a strict bound one millisecond (the column's precision) later
    filter.atMost && filter.atMost.getTime() + HORIZON_MS + 1,
  ].filter((value): value is number => typeof value === "number");
  return {
    ...(filter.from && { gte: new Date(filter.from.getTime() - EVENT_TIME_FUTURE_TOLERANCE_MS) }),
    ...(uppers.length > 0 && { lt: new Date(Math.min(...uppers)) }),
  };
}
