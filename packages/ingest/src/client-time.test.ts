// Reading `timestamp` and `sentAt`: ISO 8601 with a zone or epoch milliseconds, and the reasons for what cannot be read.
import { describe, expect, it } from "vitest";
import { readClientTime } from "./client-time.ts";
import { parseTrackRequest } from "./track-request.ts";
import { parseIdentifyRequest, parseUpdateUserRequest } from "./user-requests.ts";

const read = (value: unknown, name = "timestamp") => readClientTime({ [name]: value }, name);
const at = (iso: string) => ({ ok: true, value: Date.parse(iso) });

describe("readClientTime", () => {
  it("reads epoch milliseconds, dropping fractions of a millisecond", () => {
    expect(read(1_767_225_600_000)).toEqual({ ok: true, value: 1_767_225_600_000 });
    expect(read(1_767_225_600_000.9)).toEqual({ ok: true, value: 1_767_225_600_000 });
  });

  it("reads ISO 8601 date-times in UTC and with offsets", () => {
    expect(read("2026-01-01T00:00:00Z")).toEqual(at("2026-01-01T00:00:00.000Z"));
    expect(read("2026-01-01T02:30:00+02:30")).toEqual(at("2026-01-01T00:00:00.000Z"));
    expect(read("2025-12-31T19:00:00-0500")).toEqual(at("2026-01-01T00:00:00.000Z"));
    expect(read("2026-01-01T01:00+01")).toEqual(at("2026-01-01T00:00:00.000Z"));
    expect(read("2026-01-01 00:00:00.123456789z")).toEqual(at("2026-01-01T00:00:00.123Z"));
    expect(read(" 2026-01-01T00:00:00,5Z ")).toEqual(at("2026-01-01T00:00:00.500Z"));
  });

  it("counts absent, null and empty as not sent", () => {
    expect(readClientTime({}, "timestamp")).toEqual({ ok: true, value: null });
    expect(read(null)).toEqual({ ok: true, value: null });
    expect(read("")).toEqual({ ok: true, value: null });
    // An inherited member was never sent.
    expect(
      readClientTime(Object.create({ timestamp: 1 }) as Record<string, unknown>, "timestamp"),
    ).toEqual({
      ok: true,
      value: null,
    });
  });

  const unreadable =
    "timestamp must be an ISO 8601 date-time with a zone (Z or +hh:mm) or epoch milliseconds";

  it.each([
    ["a date without a time", "2026-01-01"],
    ["a date-time without a zone", "2026-01-01T10:00:00"],
    ["words", "yesterday"],
    ["digits in a string", "1767225600000"],
    ["a boolean", true],
    ["an object", { seconds: 1 }],
    ["a negative number", -1],
    ["infinity", Number.POSITIVE_INFINITY],
    ["a number past the last Date", 8_640_000_000_000_001],
  ])("refuses %s", (_what, value) => {
    expect(read(value)).toEqual({ ok: false, reason: unreadable });
  });

  it("refuses dates and times that do not exist, and impossible zones", () => {
    const unreal = { ok: false, reason: "timestamp is not a real date and time" };
    expect(read("2026-02-30T00:00:00Z")).toEqual(unreal);
    expect(read("2026-13-01T00:00:00Z")).toEqual(unreal);
    expect(read("2026-01-01T24:00:00Z")).toEqual(unreal);
    expect(read("2026-01-01T10:60:00Z")).toEqual(unreal);
    expect(read("2026-01-01T10:00:60Z")).toEqual(unreal);
    expect(read("2024-02-29T00:00:00Z")).toEqual(at("2024-02-29T00:00:00.000Z"));
    expect(read("2026-01-01T10:00:00+24:00")).toEqual({
      ok: false,
      reason: "timestamp has an impossible zone offset",
    });
  });

  it("says when a number looks like epoch seconds", () => {
    expect(read(1_767_225_600, "sentAt")).toEqual({
      ok: false,
      reason: "sentAt must be epoch milliseconds; the number sent looks like seconds",
    });
  });
});

describe("the request parsers", () => {
  it("give an event its timestamp and sentAt in epoch milliseconds", () => {
    const parsed = parseTrackRequest(
      { name: "x", timestamp: "2026-01-01T00:00:00Z", sentAt: 1_767_225_660_000 },
      {},
    );
    expect(parsed.ok && [parsed.value.timestamp, parsed.value.sentAt]).toEqual([
      1_767_225_600_000, 1_767_225_660_000,
    ]);
  });

  it("refuse an unreadable time on every single endpoint, naming the member", () => {
    expect(parseTrackRequest({ name: "x", timestamp: "soon" }, {})).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^timestamp must be/) as unknown,
    });
    expect(parseTrackRequest({ name: "x", sentAt: false }, {})).toMatchObject({
      reason: expect.stringMatching(/^sentAt must be/) as unknown,
    });
    expect(parseIdentifyRequest({ identifier: "u", sentAt: "now" }, {})).toMatchObject({
      reason: expect.stringMatching(/^sentAt must be/) as unknown,
    });
    expect(parseUpdateUserRequest({ sentAt: 12 }, {})).toMatchObject({
      reason: "sentAt must be epoch milliseconds; the number sent looks like seconds",
    });
    expect(parseUpdateUserRequest({ sentAt: 1_767_225_600_000 }, {})).toMatchObject({
      ok: true,
      value: { sentAt: 1_767_225_600_000 },
    });
  });
});
