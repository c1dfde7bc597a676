// The batch envelope and its items: what makes a whole batch unreadable, and each item's verdict in its endpoint's dialect.
import { describe, expect, it } from "vitest";
import { parseBatchEnvelope, parseBatchItem } from "./batch-request.ts";
import { BATCH_MAX_ITEMS, DEFAULT_INGEST_LIMITS } from "./limits.ts";

describe("parseBatchEnvelope", () => {
  it("refuses a body that is not an object, or whose batch is not an array", () => {
    expect(parseBatchEnvelope([], {})).toEqual({
      ok: false,
      status: 400,
      reason: "body must be a JSON object",
    });
    expect(parseBatchEnvelope({ batch: "x" }, {})).toMatchObject({
      status: 400,
      reason: "batch must be an array",
    });
    expect(parseBatchEnvelope(Object.create({ batch: [] }), {})).toMatchObject({ status: 400 });
  });

  it("refuses more items than the limit with 413", () => {
    const batch = Array.from({ length: BATCH_MAX_ITEMS + 1 }, () => ({}));
    expect(parseBatchEnvelope({ batch }, {})).toMatchObject({ ok: false, status: 413 });
    expect(parseBatchEnvelope({ batch: batch.slice(1) }, {})).toMatchObject({ ok: true });
  });

  it("reads Allow-Cookies from the header or the envelope", () => {
    expect(parseBatchEnvelope({ batch: [] }, { "allow-cookies": "true" })).toMatchObject({
      value: { allowCookies: true },
    });
    expect(parseBatchEnvelope({ batch: [], "Allow-Cookies": true }, {})).toMatchObject({
      value: { allowCookies: true },
    });
    expect(parseBatchEnvelope({ batch: [] }, {})).toMatchObject({ value: { allowCookies: false } });
  });

  it("reads the envelope's sentAt, and refuses the whole batch when it cannot", () => {
    expect(parseBatchEnvelope({ batch: [], sentAt: "2026-01-01T00:00:00Z" }, {})).toMatchObject({
      value: { sentAt: Date.parse("2026-01-01T00:00:00Z") },
    });
    expect(parseBatchEnvelope({ batch: [] }, {})).toMatchObject({ value: { sentAt: null } });
    expect(parseBatchEnvelope({ batch: [], sentAt: "later" }, {})).toMatchObject({
      ok: false,
      status: 400,
      reason: expect.stringMatching(/^sentAt must be/) as unknown,
    });
  });
});

describe("parseBatchItem", () => {
  const parse = (item: unknown, headers = {}) =>
    parseBatchItem(item, headers, DEFAULT_INGEST_LIMITS);

  it("validates each type with its endpoint's parser, SDK aliases included", () => {
    expect(
      parse({ type: "event", name: "$$pageView", url: "https://a.example/", userIdentifier: "u" }),
    ).toMatchObject({
      ok: true,
      value: { type: "event", input: { name: "$pageview", identifier: "u" } },
    });
    expect(parse({ type: "identify", userIdentifier: "u", data: { set: { a: 1 } } })).toMatchObject(
      {
        ok: true,
        value: { type: "identify", input: { identifier: "u" } },
      },
    );
    expect(parse({ type: "updateUser" })).toMatchObject({
      ok: true,
      value: { type: "updateUser" },
    });
    expect(parse({ type: "identify" })).toEqual({ ok: false, reason: "identifier is required" });
  });

  it("refuses items of no known type, and non-objects", () => {
    expect(parse({ name: "x" })).toEqual({
      ok: false,
      reason: "type must be event, identify or updateUser",
    });
    expect(parse(null)).toEqual({ ok: false, reason: "item must be a JSON object" });
  });

  it("gives every item the envelope's sentAt, and refuses an item's own", () => {
    const sentAt = Date.parse("2026-01-01T00:00:00Z");
    const timestamp = "2025-12-31T23:59:00Z";
    expect(
      parseBatchItem({ type: "event", name: "x", timestamp }, {}, DEFAULT_INGEST_LIMITS, sentAt),
    ).toMatchObject({ ok: true, value: { input: { timestamp: sentAt - 60_000, sentAt } } });
    expect(
      parseBatchItem({ type: "identify", identifier: "u" }, {}, DEFAULT_INGEST_LIMITS, sentAt),
    ).toMatchObject({ ok: true, value: { input: { sentAt } } });
    expect(parse({ type: "event", name: "x", sentAt })).toEqual({
      ok: false,
      reason: "sentAt belongs in the batch envelope, not in an item",
    });
    expect(parse({ type: "event", name: "x", sentAt: null })).toMatchObject({ ok: true });
  });

  it("refuses an item whose timestamp cannot be read, with the reason", () => {
    expect(parse({ type: "event", name: "x", timestamp: "tomorrow" })).toEqual({
      ok: false,
      reason:
        "timestamp must be an ISO 8601 date-time with a zone (Z or +hh:mm) or epoch milliseconds",
    });
  });

  it("keys an item by its own id, never by the request's Idempotency-Key", () => {
    const headers = { "idempotency-key": "request-key" };
    expect(parse({ type: "event", name: "x", id: "item-key" }, headers)).toMatchObject({
      value: { input: { idempotencyKey: "item-key" } },
    });
    expect(parse({ type: "event", name: "x" }, headers)).toMatchObject({
      value: { input: { idempotencyKey: null } },
    });
  });
});
