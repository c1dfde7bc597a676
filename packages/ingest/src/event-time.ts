import type { ParseResult } from "./result.ts";
import { fail, ok } from "./result.ts";

/** A corrected time further ahead of the receive time than this is not believed. */
export const FUTURE_TOLERANCE_MS = 60 * 60_000;

/** How far back an event time may lie, unless the server is configured otherwise. */
export const DEFAULT_TIME_HORIZON_DAYS = 30;

const DAY_MS = 24 * 60 * 60_000;

/** What a client said about time, in epoch milliseconds (see readClientTime). */
export interface ClientTime {
  /** When the event happened, by the client's clock. */
  timestamp: number | null;
  /** When the client sent the request, by the same clock. */
  sentAt: number | null;
}

/** The time an event is stored under, and how it was arrived at. */
export interface EventTime {
  /** The event time, stored as `occurred_at`. */
  occurredAt: number;
  /** The server's receive time, stored as `received_at`. */
  receivedAt: number;
  /** `receivedAt − sentAt`: how far the client's clock is behind; null without `sentAt`. */
  skewMs: number | null;
  /**
   * `received`: no usable client time; `timestamp`: the client's time as sent;
   * `corrected`: the client's time plus the skew.
   */
  source: "received" | "timestamp" | "corrected";
  /** `future`: the client's time lay over an hour ahead, so the receive time was stored. */
  adjusted: "future" | null;
}

/**
 * The event time to store: `timestamp` shifted by the clock skew `receivedAt − sentAt`
 * when both are given (a client whose clock is an hour slow sends times an hour early),
 * `timestamp` as sent without `sentAt`, the receive time without `timestamp`. A time over
 * an hour ahead after correction is replaced by the receive time and flagged; one older
 * than the horizon is refused. Pure: the caller supplies the receive time.
 */
export function resolveEventTime(
  client: ClientTime,
  receivedAt: number,
  horizonDays: number,
): ParseResult<EventTime> {
  const skewMs = client.sentAt === null ? null : receivedAt - client.sentAt;
  const received: EventTime = {
    occurredAt: receivedAt,
    receivedAt,
    skewMs,
    source: "received",
    adjusted: null,
  };
  if (client.timestamp === null) return ok(received);
  const occurredAt = client.timestamp + (skewMs ?? 0);
  if (occurredAt > receivedAt + FUTURE_TOLERANCE_MS) return ok({ ...received, adjusted: "future" });
  if (occurredAt < receivedAt - horizonDays * DAY_MS) {
    return fail(`timestamp is older than the ${horizonDays}-day time horizon`);
  }
  return ok({
    occurredAt,
    receivedAt,
    skewMs,
    source: skewMs === null ? "timestamp" : "corrected",
    adjusted: null,
  });
}
