// Covers the bodies and headers @vemetric/node 0.2.0 and @vemetric/web 0.6.1 actually send.
import { describe, expect, it } from "vitest";
import { extractToken } from "./fields.ts";
import { parseTrackRequest } from "./track-request.ts";
import { parseIdentifyRequest, parseUpdateUserRequest } from "./user-requests.ts";

const nodeHeaders = { token: "proj_node", "v-sdk": "node", "v-sdk-version": "0.2.0" };
const webHeaders = {
  token: "proj_web",
  "allow-cookies": "true",
  "v-sdk": "script",
  "v-sdk-version": "0.6.1",
  "v-referrer": "https://news.example/",
};

describe("@vemetric/node", () => {
  it("trackEvent sends userIdentifier, customData and userData", () => {
    const body = {
      name: "purchase",
      userIdentifier: "user_9",
      customData: { amount: 99.5, gift: false },
      displayName: "Jo",
      userData: { set: { plan: "pro" }, unset: ["trial"] },
    };
    expect(extractToken(body, nodeHeaders)).toBe("proj_node");
    const result = parseTrackRequest(body, nodeHeaders);
    expect(result.ok && result.value).toMatchObject({
      name: "purchase",
      identifier: "user_9",
      displayName: "Jo",
      customData: { amount: "99.5", gift: "false" },
      userData: { set: { plan: "pro" }, setOnce: {}, unset: ["trial"] },
      sdk: "node",
      sdkVersion: "0.2.0",
      allowCookies: false,
    });
  });

  it("updateUser sends userIdentifier, displayName, avatarUrl and data", () => {
    const body = {
      userIdentifier: "user_9",
      displayName: "Jo",
      avatarUrl: "https://a.example/jo.png",
      data: { setOnce: { first_seen: "2026-01-01" } },
    };
    expect(parseUpdateUserRequest(body, nodeHeaders)).toEqual({
      ok: true,
      value: {
        identifier: "user_9",
        displayName: "Jo",
        avatarUrl: "https://a.example/jo.png",
        data: { set: {}, setOnce: { first_seen: "2026-01-01" }, unset: [] },
        allowCookies: false,
        sentAt: null,
      },
    });
  });
});

describe("@vemetric/web", () => {
  it("trackPageView sends $$pageView with url and contextId", () => {
    const body = { url: "https://site.example/a", contextId: "4821937465", name: "$$pageView" };
    const result = parseTrackRequest(body, webHeaders);
    expect(result.ok && result.value).toMatchObject({
      name: "$pageview",
      url: "https://site.example/a",
      contextId: "4821937465",
      identifier: null,
      allowCookies: true,
      referrer: "https://news.example/",
      sdk: "script",
    });
  });

  it("an outbound link beacon carries token, cookies flag and sdk in the body", () => {
    const body = {
      url: "https://site.example/a",
      contextId: "4821937465",
      identifier: "user_1",
      displayName: "Ann",
      name: "$$outboundLink",
      customData: { href: "https://elsewhere.example/" },
      Token: "proj_beacon",
      "Allow-Cookies": "true",
      "V-SDK": "script",
      "V-SDK-Version": "0.6.1",
    };
    expect(extractToken(body, {})).toBe("proj_beacon");
    const result = parseTrackRequest(body, {});
    expect(result.ok && result.value).toMatchObject({
      name: "$outbound_link",
      customData: { href: "https://elsewhere.example/" },
      identifier: "user_1",
      allowCookies: true,
      sdk: "script",
      sdkVersion: "0.6.1",
    });
  });

  it("identify sends identifier, displayName, avatarUrl and data", () => {
    const body = { identifier: "user_1", displayName: "Ann", data: { set: { plan: "free" } } };
    expect(parseIdentifyRequest(body, webHeaders)).toEqual({
      ok: true,
      value: {
        identifier: "user_1",
        displayName: "Ann",
        avatarUrl: null,
        userData: { set: { plan: "free" }, setOnce: {}, unset: [] },
        allowCookies: true,
        sentAt: null,
      },
    });
  });

  it("updateUser with nothing but the identifier is accepted", () => {
    const result = parseUpdateUserRequest({ data: {}, identifier: "user_1" }, webHeaders);
    expect(result.ok && result.value).toMatchObject({
      identifier: "user_1",
      displayName: null,
      data: { set: {}, setOnce: {}, unset: [] },
    });
  });
});

describe("extractToken", () => {
  it("prefers projectToken, then body Token, then the header", () => {
    const headers = { token: "proj_h" };
    expect(extractToken({ projectToken: "proj_a", Token: "proj_b" }, headers)).toBe("proj_a");
    expect(extractToken({ projectToken: 5, Token: " proj_b " }, headers)).toBe("proj_b");
    expect(extractToken({ projectToken: "" }, headers)).toBe("proj_h");
    expect(extractToken("not an object", { token: ["proj_x", "proj_y"] })).toBe("proj_x");
    expect(extractToken(null, {})).toBeNull();
  });
});
