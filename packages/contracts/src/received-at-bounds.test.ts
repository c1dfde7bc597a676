// receivedAtBounds: the receive-time range an event-time filter implies, at its edges.
import { describe, expect, it } from "vitest";
import {
  EVENT_TIME_FUTURE_TOLERANCE_MS,
  EVENT_TIME_MAX_HORIZON_DAYS,
  receivedAtBounds,
} from "./received-at-bounds.ts";

const HORIZON_MS = EVENT_TIME_MAX_HORIZON_DAYS * 24 * 3600 * 1000;
const at = (iso: string) => new Date(iso);

describe("receivedAtBounds", () => {
  it("bounds nothing without a filter", () => {
    expect(receivedAtBounds({})).toEqual({});
  });

  it("admits the extreme events the accepted clock range allows, and nothing beyond", () => {
    const from = at("2026-12-01T00:00:00.000Z");
    const to = at("2026-12-02T00:00:00.000Z");
    const { gte, lt } = receivedAtBounds({ from, to });
    // An event stamped exactly at `from`, an hour ahead of its receipt.
    expect(gte?.getTime()).toBe(from.getTime() - EVENT_TIME_FUTURE_TOLERANCE_MS);
    // An event stamped a millisecond before `to`, received a whole horizon later.
    const latest = to.getTime() - 1 + HORIZON_MS;
    expect(latest).toBeLessThan(lt?.getTime() ?? 0);
    expect(lt?.getTime()).toBe(latest + 1);
  });

  it("takes the tighter of `to` and a cursor, the cursor being inclusive", () => {
    const cursor = at("2026-11-01T00:00:00.000Z");
    expect(receivedAtBounds({ atMost: cursor }).lt?.getTime()).toBe(
      cursor.getTime() + HORIZON_MS + 1,
    );
    expect(receivedAtBounds({ to: at("2026-12-01T00:00:00Z"), atMost: cursor }).lt).toEqual(
      new Date(cursor.getTime() + HORIZON_MS + 1),
    );
    expect(receivedAtBounds({ to: at("2026-10-01T00:00:00Z"), atMost: cursor }).lt).toEqual(
      new Date(Date.parse("2026-10-01T00:00:00Z") + HORIZON_MS),
    );
  });
});
