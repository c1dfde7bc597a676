// Covers parseTrackRequest on the seed document's example bodies and its validation reasons.
import { describe, expect, it } from "vitest";
import { DEFAULT_INGEST_LIMITS } from "./limits.ts";
import { parseTrackRequest } from "./track-request.ts";

const seedHeaders = { "content-type": "application/json", "allow-cookies": "false" };

function reasonOf(body: unknown, headers = {}): string {
  const result = parseTrackRequest(body, headers, DEFAULT_INGEST_LIMITS);
  if (result.ok) throw new Error("expected a refusal");
  return result.reason;
}

describe("seed examples", () => {
  it("parses the pageview example", () => {
    const body = {
      projectToken: "proj_your_project_token_here",
      name: "$pageview",
      url: "https://example.com/blog/article",
      identifier: "user_123",
      displayName: "john@example.com",
    };
    expect(parseTrackRequest(body, seedHeaders, DEFAULT_INGEST_LIMITS)).toEqual({
      ok: true,
      value: {
        name: "$pageview",
        url: "https://example.com/blog/article",
        identifier: "user_123",
        displayName: "john@example.com",
        avatarUrl: null,
        customData: {},
        customDataKinds: {},
        userData: null,
        contextId: null,
        allowCookies: false,
        idempotencyKey: null,
        timestamp: null,
        sentAt: null,
        referrer: null,
        sdk: null,
        sdkVersion: null,
      },
    });
  });

  it("parses the custom event example", () => {
    const body = {
      projectToken: "proj_your_project_token_here",
      name: "purchase",
      identifier: "user_123",
      displayName: "john@example.com",
      customData: { plan: "pro", amount: "99.99", currency: "USD", billing_period: "monthly" },
    };
    const result = parseTrackRequest(body, seedHeaders, DEFAULT_INGEST_LIMITS);
    expect(result.ok && result.value).toMatchObject({
      name: "purchase",
      url: null,
      identifier: "user_123",
      customData: { plan: "pro", amount: "99.99", currency: "USD", billing_period: "monthly" },
      userData: null,
    });
  });

  it("parses the example with user properties", () => {
    const body = {
      projectToken: "proj_your_project_token_here",
      name: "signup",
      identifier: "user_123",
      displayName: "john@example.com",
      customData: { plan: "pro" },
      userData: {
        set: { email: "john@example.com", plan: "pro" },
        setOnce: { signup_date: "2026-03-04" },
      },
    };
    const result = parseTrackRequest(body, seedHeaders, DEFAULT_INGEST_LIMITS);
    expect(result.ok && result.value).toMatchObject({
      name: "signup",
      customData: { plan: "pro" },
      userData: {
        set: { email: "john@example.com", plan: "pro" },
        setOnce: { signup_date: "2026-03-04" },
        unset: [],
      },
    });
  });

  it("refuses the seed's missing-name example", () => {
    expect(reasonOf({ projectToken: "proj_123" })).toBe("name is required");
  });
});

describe("validation reasons", () => {
  it.each([
    [null, "body must be a JSON object"],
    [[{ name: "x" }], "body must be a JSON object"],
    ["name", "body must be a JSON object"],
    [{ name: 42 }, "name must be a string"],
    [{ name: "   " }, "name is required"],
    [{ name: "x".repeat(201) }, "name is longer than 200 characters"],
    [{ name: "$pageview" }, "$pageview requires url"],
    [{ name: "$pageview", url: "  " }, "$pageview requires url"],
    [{ name: "$outbound_link", customData: { href: "https://b" } }, "$outbound_link requires url"],
    [{ name: "$outbound_link", url: "https://a" }, "$outbound_link requires customData.href"],
    [{ name: "$pageview", url: "/pricing" }, "$pageview url must be an absolute URL"],
    [{ name: "$$pageView", url: "home page" }, "$pageview url must be an absolute URL"],
    [
      { name: "$outbound_link", url: "shop", customData: { href: "https://b" } },
      "$outbound_link url must be an absolute URL",
    ],
    [{ name: "x", url: 5 }, "url must be a string"],
    [{ name: "x", url: "h".repeat(2049) }, "url is longer than 2048 characters"],
    [{ name: "x", identifier: { id: 1 } }, "identifier must be a string"],
    [{ name: "x", userIdentifier: 7 }, "userIdentifier must be a string"],
    [{ name: "x", identifier: "u".repeat(256) }, "identifier is longer than 255 characters"],
    [{ name: "x", displayName: [] }, "displayName must be a string"],
    [{ name: "x", contextId: "c".repeat(256) }, "contextId is longer than 255 characters"],
    [{ name: "x", customData: ["a"] }, "customData must be an object"],
    [{ name: "x", customData: "a=b" }, "customData must be an object"],
    [{ name: "x", userData: [] }, "userData must be an object"],
    [{ name: "x", id: 12 }, "id must be a string"],
    [{ name: "x", id: "" }, "id must be 1 to 200 characters"],
  ])("%j -> %s", (body, reason) => {
    expect(reasonOf(body)).toBe(reason);
  });

  it("honours custom limits", () => {
    const limits = { ...DEFAULT_INGEST_LIMITS, nameMaxChars: 3 };
    const result = parseTrackRequest({ name: "abcd" }, {}, limits);
    expect(result).toEqual({ ok: false, reason: "name is longer than 3 characters" });
  });
});

describe("optional fields", () => {
  it("trims strings and treats empty ones as absent", () => {
    const result = parseTrackRequest(
      {
        name: "  signup ",
        identifier: "",
        displayName: "  ",
        url: " https://a/ ",
        contextId: null,
      },
      {},
      DEFAULT_INGEST_LIMITS,
    );
    expect(result.ok && result.value).toMatchObject({
      name: "signup",
      identifier: null,
      displayName: null,
      url: "https://a/",
      contextId: null,
    });
  });

  it("reads idempotency key, referrer and sdk metadata from headers", () => {
    const headers = {
      "idempotency-key": " order-77 ",
      "v-referrer": "https://google.com/",
      "v-sdk": "x".repeat(300),
      "v-sdk-version": ["1.2.3", "9.9.9"],
    };
    const result = parseTrackRequest({ name: "x", id: "ignored" }, headers, DEFAULT_INGEST_LIMITS);
    expect(result.ok && result.value).toMatchObject({
      idempotencyKey: "order-77",
      referrer: "https://google.com/",
      sdk: "x".repeat(200),
      sdkVersion: "1.2.3",
    });
    expect(reasonOf({ name: "x" }, { "idempotency-key": "k".repeat(201) })).toBe(
      "idempotency-key must be 1 to 200 characters",
    );
  });

  it("falls back to an alias when the seed name is empty", () => {
    const result = parseTrackRequest({ name: "x", identifier: " ", userIdentifier: "u7" }, {});
    expect(result.ok && result.value.identifier).toBe("u7");
  });

  it("ignores unknown fields", () => {
    const result = parseTrackRequest({ name: "x", extra: { deep: true }, occurred: 1 }, {});
    expect(result.ok).toBe(true);
  });
});

// docs/identity.md gives the reasons; the reference hub refuses the first two.
describe("null for an optional field", () => {
  it('reads "customData": null as no properties', () => {
    const result = parseTrackRequest({ name: "x", customData: null }, {});
    expect(result.ok && result.value.customData).toEqual({});
  });

  it('reads "identifier": null as an anonymous event', () => {
    const result = parseTrackRequest({ name: "x", identifier: null, userIdentifier: null }, {});
    expect(result.ok && result.value.identifier).toBeNull();
  });

  it("takes any absolute URL for a pageview, an app's own scheme included", () => {
    const result = parseTrackRequest({ name: "$pageview", url: "shop-app://cart" }, {});
    expect(result.ok && result.value.url).toBe("shop-app://cart");
  });
});
