// The stored event time: skew correction between client and server clocks, the future flag and the horizon.
import { describe, expect, it } from "vitest";
import { FUTURE_TOLERANCE_MS, resolveEventTime } from "./event-time.ts";

const RECEIVED = Date.parse("2026-03-01T12:00:00.000Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const resolve = (timestamp: number | null, sentAt: number | null, horizonDays = 30) =>
  resolveEventTime({ timestamp, sentAt }, RECEIVED, horizonDays);

describe("resolveEventTime", () => {
  it("stores the receive time when the client sends no timestamp", () => {
    expect(resolve(null, null)).toEqual({
      ok: true,
      value: {
        occurredAt: RECEIVED,
        receivedAt: RECEIVED,
        skewMs: null,
        source: "received",
        adjusted: null,
      },
    });
    // sentAt alone still tells the skew, for whoever asks (a dry run), but moves nothing.
    expect(resolve(null, RECEIVED - 5 * MINUTE)).toMatchObject({
      value: { occurredAt: RECEIVED, skewMs: 5 * MINUTE, source: "received" },
    });
  });

  it("takes a timestamp without sentAt as sent", () => {
    expect(resolve(RECEIVED - 2 * DAY, null)).toMatchObject({
      ok: true,
      value: { occurredAt: RECEIVED - 2 * DAY, skewMs: null, source: "timestamp" },
    });
  });

  it("moves a slow clock's timestamp forward by the skew", () => {
    // The client's clock is 3 hours behind: it stamped the event 10 minutes before sending.
    const clientNow = RECEIVED - 3 * HOUR;
    expect(resolve(clientNow - 10 * MINUTE, clientNow)).toEqual({
      ok: true,
      value: {
        occurredAt: RECEIVED - 10 * MINUTE,
        receivedAt: RECEIVED,
        skewMs: 3 * HOUR,
        source: "corrected",
        adjusted: null,
      },
    });
  });

  it("moves a fast clock's timestamp back by the skew, even from beyond the tolerance", () => {
    // Two days ahead: uncorrected, the event would lie in the future and be replaced.
    const clientNow = RECEIVED + 2 * DAY;
    expect(resolve(clientNow - MINUTE, clientNow)).toMatchObject({
      value: { occurredAt: RECEIVED - MINUTE, skewMs: -2 * DAY, adjusted: null },
    });
  });

  it("stores the receive time, flagged, for a time over an hour ahead after correction", () => {
    expect(resolve(RECEIVED + FUTURE_TOLERANCE_MS, null)).toMatchObject({
      value: { occurredAt: RECEIVED + HOUR, adjusted: null },
    });
    expect(resolve(RECEIVED + FUTURE_TOLERANCE_MS + 1, null)).toEqual({
      ok: true,
      value: {
        occurredAt: RECEIVED,
        receivedAt: RECEIVED,
        skewMs: null,
        source: "received",
        adjusted: "future",
      },
    });
    // In step with the server, but stamped a day after sending.
    expect(resolve(RECEIVED + DAY, RECEIVED)).toMatchObject({
      value: { occurredAt: RECEIVED, skewMs: 0, adjusted: "future" },
    });
  });

  it("refuses a time older than the horizon, naming it", () => {
    expect(resolve(RECEIVED - 30 * DAY, null)).toMatchObject({ ok: true });
    expect(resolve(RECEIVED - 30 * DAY - 1, null)).toEqual({
      ok: false,
      reason: "timestamp is older than the 30-day time horizon",
    });
    expect(resolve(RECEIVED - 8 * DAY, null, 7)).toEqual({
      ok: false,
      reason: "timestamp is older than the 7-day time horizon",
    });
  });

  it("judges the horizon on the corrected time", () => {
    // Sent by a clock 40 days slow, an event from 5 minutes ago is recent.
    const clientNow = RECEIVED - 40 * DAY;
    expect(resolve(clientNow - 5 * MINUTE, clientNow)).toMatchObject({
      value: { occurredAt: RECEIVED - 5 * MINUTE, source: "corrected" },
    });
    // And by a clock 40 days fast, an event 35 days old by the server's clock is too old.
    expect(resolve(RECEIVED + 5 * DAY, RECEIVED + 40 * DAY)).toMatchObject({ ok: false });
  });
});
