// The gate pipeline: which outcome ends a request, in which order, and which requests pass.
import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { RateLimiter } from "../http/rate-limiter.ts";
import { admit, invalidToken, missingToken } from "./gates.ts";
import type { RequestTrace } from "./request-trace.ts";
import type { ResolvedToken } from "./token-cache.ts";

const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

function trace(json = true): RequestTrace {
  return {
    url: "/e",
    rawBody: json ? "{}" : "{",
    json,
    body: json ? {} : undefined,
    token: json ? "proj_x" : null,
    secretKey: false,
    projectId: null,
    origin: null,
    userAgent: null,
    cookie: null,
    rateLimit: null,
    dryRun: false,
  };
}

const token = (overrides: Partial<ResolvedToken> = {}): ResolvedToken => ({
  tokenId: "t1",
  projectId: "p1",
  allowedOrigins: [],
  filterBots: true,
  suppressionVersion: 0,
  ...overrides,
});

// A frozen clock: the bucket never refills, so the burst is all a token gets.
const limiter = (burst = 10) => new RateLimiter(1, burst, () => 0);

const reasonOf = (outcome: ReturnType<typeof admit>) =>
  outcome ? `${outcome.kind}: ${outcome.reason}` : null;

describe("token gates", () => {
  it("refuses a missing token with 401, or 400 when the body is not JSON either", () => {
    expect(missingToken(trace(true))).toMatchObject({
      status: 401,
      reason: "missing project token",
    });
    expect(missingToken(trace(false))).toMatchObject({
      status: 400,
      reason: "body is not valid JSON",
    });
  });

  it("tells an unknown token from one that was revoked or expired", () => {
    expect(invalidToken({ projectId: null }).reason).toBe("unknown project token");
    expect(invalidToken({ projectId: "p1" })).toMatchObject({
      status: 401,
      reason: "project token revoked or expired",
    });
  });
});

describe("admit", () => {
  it("lets an ordinary browser request through", () => {
    const headers: IncomingHttpHeaders = { "user-agent": CHROME, origin: "https://shop.test" };
    expect(
      admit(headers, trace(), token({ allowedOrigins: ["https://shop.test"] }), limiter()),
    ).toBeNull();
  });

  it("checks JSON, origin, prefetch, rate and bot in that order", () => {
    const everything: IncomingHttpHeaders = {
      origin: "https://elsewhere.test",
      purpose: "prefetch",
      "user-agent": GOOGLEBOT,
    };
    const restricted = token({ allowedOrigins: ["https://shop.test"] });
    const spent = limiter(0);
    expect(reasonOf(admit(everything, trace(false), restricted, spent))).toBe(
      "refused: body is not valid JSON",
    );
    expect(reasonOf(admit(everything, trace(), restricted, spent))).toBe(
      "refused: origin https://elsewhere.test is not in the project's allowed origins",
    );
    const sameSite = { ...everything, origin: "https://shop.test" };
    expect(reasonOf(admit(sameSite, trace(), restricted, spent))).toBe(
      "dropped: prefetch requests are not stored",
    );
    const crawler = { ...sameSite, purpose: undefined };
    expect(reasonOf(admit(crawler, trace(), restricted, spent))).toBe(
      "refused: token rate limit exceeded",
    );
    expect(reasonOf(admit(crawler, trace(), restricted, limiter()))).toBe(
      "dropped: known bot user agent; not stored",
    );
  });

  it("spends one request of the token's budget per admitted request, and says when to retry", () => {
    const shared = limiter(2);
    expect(admit({}, trace(), token(), shared)).toBeNull();
    expect(admit({}, trace(), token(), shared)).toBeNull();
    expect(admit({}, trace(), token(), shared)).toMatchObject({
      status: 429,
      retryAfterSeconds: 1,
    });
    expect(admit({}, trace(), token({ tokenId: "t2" }), shared)).toBeNull();
  });

  it("stores bots for projects that do not filter them", () => {
    expect(
      admit({ "user-agent": GOOGLEBOT }, trace(), token({ filterBots: false }), limiter()),
    ).toBeNull();
  });
});
