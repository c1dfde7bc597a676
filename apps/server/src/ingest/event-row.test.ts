// The stored event row: built from the validated input, the agent cut to the shared cap, the times from the request's clock.
import { describe, expect, it } from "vitest";
import { parseTrackRequest, USER_AGENT_MAX_CHARS } from "@inlet/ingest";
import { eventRow } from "./event-row.ts";

const sender = { projectId: "p1", tokenId: "t1", anonymousId: "a1" };

function input() {
  const parsed = parseTrackRequest({ name: "signup", customData: { plan: "pro" } }, {});
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

describe("eventRow", () => {
  it("stamps the row with the times it is given, not the wall clock", () => {
    const time = { occurredAt: Date.UTC(2001, 1, 2), receivedAt: Date.UTC(2001, 1, 3) };
    const row = eventRow(input(), sender, undefined, time);
    expect(row.occurredAt.toISOString()).toBe("2001-02-02T00:00:00.000Z");
    expect(row.receivedAt.toISOString()).toBe("2001-02-03T00:00:00.000Z");
    expect(row).toMatchObject({ ...sender, name: "signup", customData: { plan: "pro" } });
    expect(row.userAgent).toBeNull();
  });

  it("stores and parses an agent cut to the one user-agent cap", () => {
    const chrome =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
    const row = eventRow(input(), sender, `${chrome} ${"x".repeat(5_000)}`, {
      occurredAt: 0,
      receivedAt: 0,
    });
    expect(row.userAgent).toHaveLength(USER_AGENT_MAX_CHARS);
    expect(row).toMatchObject({ browser: "Chrome", os: "macOS", deviceType: "desktop" });
  });
});
