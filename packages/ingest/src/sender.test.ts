// Covers senderKind (browser vs server senders) and when an identified event links its visitor.
import { describe, expect, it } from "vitest";
import { identifiedEventLink, linksVisitor, senderKind } from "./sender.ts";

const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const IPHONE_SAFARI =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0";
const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

describe("senderKind", () => {
  it.each([
    CHROME,
    IPHONE_SAFARI,
    FIREFOX,
    "Opera/9.80 (Windows NT 6.1) Presto/2.12 Version/12.16",
  ])("a browser-shaped agent is a browser: %s", (agent) => {
    expect(senderKind({ "user-agent": agent })).toBe("browser");
  });

  it.each([
    ["no agent at all (@vemetric/node)", {}],
    ["an empty agent", { "user-agent": "  " }],
    ["curl", { "user-agent": "curl/8.5.0" }],
    ["python-requests", { "user-agent": "python-requests/2.31.0" }],
    ["okhttp (Android apps)", { "user-agent": "okhttp/4.12.0" }],
    ["Go", { "user-agent": "Go-http-client/2.0" }],
    ["Node's fetch", { "user-agent": "node" }],
    ["undici", { "user-agent": "undici" }],
    ["an iOS app", { "user-agent": "Shop/3.1 CFNetwork/1410.0.3 Darwin/22.6.0" }],
    ["a backend naming itself", { "user-agent": "billing-worker/2.3" }],
    ["a crawler with a browser's shape", { "user-agent": GOOGLEBOT }],
  ])("%s is a server", (_label, headers) => {
    expect(senderKind(headers)).toBe("server");
  });

  it("counts any Origin as a browser, whatever the agent says", () => {
    expect(senderKind({ origin: "https://shop.example" })).toBe("browser");
    expect(senderKind({ origin: "null", "user-agent": "curl/8.5.0" })).toBe("browser");
    expect(senderKind({ origin: ["https://a.example", "https://b.example"] })).toBe("browser");
  });

  it("ignores an empty Origin", () => {
    expect(senderKind({ origin: "", "user-agent": "curl/8.5.0" })).toBe("server");
    expect(senderKind({ origin: "   " })).toBe("server");
  });
});

describe("identifiedEventLink", () => {
  it("links a browser's visitor and a cookie visitor, never a server's cookieless id", () => {
    expect(identifiedEventLink("browser", false)).toBe("browser-links");
    expect(identifiedEventLink("browser", true)).toBe("browser-links");
    expect(identifiedEventLink("server", true)).toBe("cookie-visitor-links");
    expect(identifiedEventLink("server", false)).toBe("server-keeps-link");
    expect(
      ["browser-links", "cookie-visitor-links"].every((rule) => linksVisitor(rule as never)),
    ).toBe(true);
    expect(linksVisitor("server-keeps-link")).toBe(false);
  });
});
