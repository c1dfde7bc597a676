// Covers parseUserAgent, isBot (crawlers vs HTTP client libraries) and isPrefetch.
import { describe, expect, it } from "vitest";
import { isBot } from "./bot.ts";
import { isPrefetch } from "./prefetch.ts";
import { parseUserAgent } from "./user-agent.ts";

const CHROME_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const IPAD =
  "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const ANDROID =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
const BINGBOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)";
const GPTBOT =
  "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)";

describe("parseUserAgent", () => {
  it.each([
    [CHROME_WINDOWS, { browser: "Chrome", os: "Windows", deviceType: "desktop" }],
    [IPHONE, { browser: "Mobile Safari", os: "iOS", deviceType: "mobile" }],
    [IPAD, { browser: "Mobile Safari", os: "iOS", deviceType: "tablet" }],
    [ANDROID, { browser: "Mobile Chrome", os: "Android", deviceType: "mobile" }],
    [GOOGLEBOT, { browser: null, os: null, deviceType: "bot" }],
    ["curl/8.5.0", { browser: null, os: null, deviceType: "other" }],
  ])("%s", (ua, expected) => {
    expect(parseUserAgent(ua)).toEqual(expected);
  });

  it("gives nulls without an agent", () => {
    expect(parseUserAgent(undefined)).toEqual({ browser: null, os: null, deviceType: null });
    expect(parseUserAgent("  ")).toEqual({ browser: null, os: null, deviceType: null });
  });

  it("returns the memoised result for a repeated agent", () => {
    expect(parseUserAgent(CHROME_WINDOWS)).toBe(parseUserAgent(CHROME_WINDOWS));
  });

  it("copes with a huge agent", () => {
    expect(() => parseUserAgent(`${CHROME_WINDOWS} ${"x".repeat(100_000)}`)).not.toThrow();
  });
});

describe("isBot", () => {
  it.each([
    GOOGLEBOT,
    BINGBOT,
    GPTBOT,
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36",
    "python-requests/2.31.0 (compatible; ExampleCrawler/1.0)",
    "Twitterbot/1.0",
    "Baiduspider",
  ])("flags %s", (ua) => {
    expect(isBot(ua)).toBe(true);
  });

  it.each([
    "curl/8.5.0",
    "node",
    "",
    "python-requests/2.31",
    "python-httpx/0.27.0",
    "Python/3.11 aiohttp/3.9.1",
    "Go-http-client/1.1",
    "okhttp/4.12.0",
    "axios/1.7.2",
    "undici",
    "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
    "Java/17.0.2",
    "Apache-HttpClient/4.5.14 (Java/17)",
    "Ruby",
    "GuzzleHttp/7",
    "Dart/3.2 (dart:io)",
    "Wget/1.21.4",
    "MyBackend/2.3.1",
    "billing-worker",
    CHROME_WINDOWS,
    IPHONE,
  ])("does not flag %j", (ua) => {
    expect(isBot(ua)).toBe(false);
  });

  it("does not flag a missing agent", () => {
    expect(isBot(undefined)).toBe(false);
  });
});

describe("isPrefetch", () => {
  it.each([
    [{ purpose: "prefetch" }],
    [{ purpose: "Prefetch" }],
    [{ "sec-purpose": "prefetch;prerender" }],
    [{ "sec-purpose": "prefetch" }],
    [{ "x-purpose": "preview" }],
    [{ "x-purpose": ["PREVIEW"] }],
    [{ "x-moz": "prefetch" }],
  ])("recognises %j", (headers) => {
    expect(isPrefetch(headers)).toBe(true);
  });

  it.each([[{}], [{ purpose: "navigate" }], [{ "x-moz": "other" }], [{ "sec-purpose": "" }]])(
    "ignores %j",
    (headers) => {
      expect(isPrefetch(headers)).toBe(false);
    },
  );
});
