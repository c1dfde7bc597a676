import { isbot } from "isbot";
import { USER_AGENT_MAX_CHARS } from "./limits.ts";
import { LruCache } from "./lru-cache.ts";

/**
 * HTTP client libraries and command-line tools, recognised by the first product token of
 * the agent. isbot lists them as bots, but for an ingestion API they are how backends and
 * developers legitimately send events (the seed's own examples use curl), so they must be
 * stored. wget is treated like curl: a tool a person or a backend script runs.
 */
const HTTP_CLIENTS = [
  "curl",
  "libcurl",
  "wget",
  "httpie",
  "postmanruntime",
  "insomnia",
  "node",
  "node-fetch",
  "undici",
  "axios",
  "got",
  "ky",
  "deno",
  "bun",
  "python",
  "python-requests",
  "python-httpx",
  "python-urllib",
  "python-urllib3",
  "aiohttp",
  "httpx",
  "go-http-client",
  "okhttp",
  "java",
  "apache-httpclient",
  "ruby",
  "faraday",
  "guzzlehttp",
  "php",
  "dart",
  "reqwest",
];
// Longest names first so "python-requests" is not cut short at "python".
const HTTP_CLIENT = new RegExp(
  `^(?:${HTTP_CLIENTS.toSorted((a, b) => b.length - a.length).join("|")})(?=$|[\\s/(;,])`,
  "i",
);

// A client-library agent that also names itself a crawler is a crawler built on that library.
const CRAWLER_WORD = /bot\b|bot\/|crawl|spider|scrap|slurp|facebookexternalhit|archiver|headless/i;
// isbot also flags every agent without a browser's shape ("MyApp/1.0", "billing-worker"):
// for an ingestion API those are backends naming themselves, so only browser-shaped
// agents are judged by isbot's list; the rest are bots only if they say so.
const BROWSER_SHAPED = /^(?:Mozilla|Opera)\//i;

const cache = new LruCache<string, boolean>(5_000);

/**
 * True for known crawlers and automated browsers (Googlebot, bingbot, GPTBot,
 * facebookexternalhit, HeadlessChrome...). False for HTTP client libraries, for Node's
 * default `node` agent and for a missing or empty agent: server-side calls often send none.
 */
export function isBot(userAgent: string | undefined): boolean {
  if (userAgent === undefined) return false;
  const ua = userAgent.slice(0, USER_AGENT_MAX_CHARS).trim();
  if (ua.length === 0) return false;
  return cache.getOrCompute(ua, classify);
}

/**
 * True for an agent shaped like a browser's (`Mozilla/5.0 (...)`) that is not a known
 * crawler. HTTP client libraries, app agents (`MyApp/1.0 CFNetwork/...`, `okhttp/4`) and
 * a missing agent are not browsers.
 */
export function isBrowserAgent(userAgent: string | undefined): boolean {
  if (userAgent === undefined) return false;
  const ua = userAgent.slice(0, USER_AGENT_MAX_CHARS).trim();
  return BROWSER_SHAPED.test(ua) && !isBot(ua);
}

function classify(ua: string): boolean {
  const client = HTTP_CLIENT.exec(ua);
  if (client !== null) return CRAWLER_WORD.test(ua.slice(client[0].length));
  if (CRAWLER_WORD.test(ua)) return true;
  return BROWSER_SHAPED.test(ua) && isbot(ua);
}
