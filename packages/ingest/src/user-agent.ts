import { UAParser } from "ua-parser-js";
import { isBot } from "./bot.ts";
import { USER_AGENT_MAX_CHARS } from "./limits.ts";
import { LruCache } from "./lru-cache.ts";

/** Coarse device class stored with each event. */
export type DeviceType = "desktop" | "mobile" | "tablet" | "bot" | "other";

/** What the dashboard shows about a visitor's agent; all null when no agent was sent. */
export interface UserAgentInfo {
  /** Browser family as ua-parser-js names it, e.g. "Chrome", "Mobile Safari". */
  browser: string | null;
  /** Operating system, e.g. "Windows", "macOS", "iOS", "Android". */
  os: string | null;
  deviceType: DeviceType | null;
}

const EMPTY: UserAgentInfo = Object.freeze({ browser: null, os: null, deviceType: null });
const cache = new LruCache<string, UserAgentInfo>(5_000);

/**
 * Parses a User-Agent header, memoised. A browser agent without a device type is a
 * desktop; anything else unrecognised (curl, consoles, TVs, watches) is "other".
 * Returned objects are frozen because they are shared between callers through the cache.
 */
export function parseUserAgent(userAgent: string | undefined): UserAgentInfo {
  if (userAgent === undefined) return EMPTY;
  const ua = userAgent.slice(0, USER_AGENT_MAX_CHARS).trim();
  if (ua.length === 0) return EMPTY;
  return cache.getOrCompute(ua, parse);
}

function parse(ua: string): UserAgentInfo {
  const result = UAParser(ua);
  const browser = result.browser.name ?? null;
  const os = result.os.name ?? null;
  return Object.freeze({ browser, os, deviceType: deviceType(ua, result.device.type, browser) });
}

function deviceType(ua: string, parsed: string | undefined, browser: string | null): DeviceType {
  if (isBot(ua)) return "bot";
  if (parsed === "mobile" || parsed === "tablet") return parsed;
  if (parsed === undefined && browser !== null) return "desktop";
  return "other";
}
