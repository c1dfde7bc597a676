// The clock range ingestion accepts and the one event-time queries assume agree: otherwise a stored event could fall outside the receive-time bound and vanish from lists.
import { EVENT_TIME_FUTURE_TOLERANCE_MS, EVENT_TIME_MAX_HORIZON_DAYS } from "@inlet/contracts";
import { FUTURE_TOLERANCE_MS, resolveEventTime } from "@inlet/ingest";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./env.ts";

describe("event-time bounds", () => {
  it("assume the future tolerance ingestion applies", () => {
    expect(FUTURE_TOLERANCE_MS).toBe(EVENT_TIME_FUTURE_TOLERANCE_MS);
    const received = Date.parse("2026-12-01T12:00:00Z");
    const accepted = resolveEventTime(
      { timestamp: received + EVENT_TIME_FUTURE_TOLERANCE_MS, sentAt: null },
      received,
      30,
    );
    expect(accepted).toMatchObject({ ok: true, value: { source: "timestamp" } });
  });

  it("assume the longest horizon the setting allows", () => {
    const at = String(EVENT_TIME_MAX_HORIZON_DAYS);
    expect(loadConfig({ INGEST_TIME_HORIZON_DAYS: at }).ingest.timeHorizonDays).toBe(
      EVENT_TIME_MAX_HORIZON_DAYS,
    );
    expect(() =>
      loadConfig({ INGEST_TIME_HORIZON_DAYS: String(EVENT_TIME_MAX_HORIZON_DAYS + 1) }),
    ).toThrow();
  });
});
