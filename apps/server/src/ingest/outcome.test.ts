// The outcome → reply mapping: status, body and headers for accepted, dropped and refused requests.
import { describe, expect, it } from "vitest";
import {
  ACKNOWLEDGED,
  DROPPED_HEADER,
  REASON_HEADER,
  TIME_ADJUSTED_HEADER,
  accepted,
  dropped,
  refused,
  replyOf,
} from "./outcome.ts";

const TEXT = "text/plain; charset=utf-8";

describe("replyOf", () => {
  it("answers an accepted request 200 with an empty body and no extra headers", () => {
    expect(replyOf(ACKNOWLEDGED)).toEqual({ status: 200, headers: {}, body: undefined });
    expect(replyOf(accepted(null))).toEqual(replyOf(ACKNOWLEDGED));
  });

  it("flags an event stored under its receive time instead of a future client time", () => {
    expect(replyOf(accepted(null, "future"))).toEqual({
      status: 200,
      headers: { [TIME_ADJUSTED_HEADER]: "future" },
      body: undefined,
    });
  });

  it("acknowledges a drop with 200 and says what was dropped and why", () => {
    expect(replyOf(dropped("bot", "known bot user agent; not stored"))).toEqual({
      status: 200,
      headers: { [DROPPED_HEADER]: "bot", [REASON_HEADER]: "known bot user agent; not stored" },
      body: undefined,
    });
  });

  it("answers 400 with the contract's `Invalid!` and the reason in a header", () => {
    expect(replyOf(refused(400, "name is required"))).toEqual({
      status: 400,
      headers: { [REASON_HEADER]: "name is required", "content-type": TEXT },
      body: "Invalid!",
    });
  });

  it("answers 401 naming the reason in the body, not with an empty one", () => {
    const reply = replyOf(refused(401, "unknown project token"));
    expect(reply.status).toBe(401);
    expect(reply.body).toBe("unknown project token");
    expect(reply.headers[REASON_HEADER]).toBe("unknown project token");
  });

  it("repeats the reason as the body of other refusals", () => {
    const reply = replyOf(refused(403, "origin is not in the project's allowed origins"));
    expect(reply).toMatchObject({
      status: 403,
      body: "origin is not in the project's allowed origins",
    });
    expect(reply.headers).not.toHaveProperty("retry-after");
  });

  it("tells when to retry, for 429 and 503", () => {
    expect(replyOf(refused(429, "token rate limit exceeded", 3)).headers["retry-after"]).toBe("3");
    expect(replyOf(refused(503, "server is busy; retry", 1))).toEqual({
      status: 503,
      headers: {
        [REASON_HEADER]: "server is busy; retry",
        "content-type": TEXT,
        "retry-after": "1",
      },
      body: "server is busy; retry",
    });
  });
});
