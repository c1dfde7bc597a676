import { createHmac, randomBytes } from "node:crypto";
import { LruCache } from "./lru-cache.ts";

/** Inputs of the cookieless anonymous id. */
export interface CookielessIdInput {
  projectId: string;
  /** Client address as the server resolved it (forwarding headers only behind a trusted proxy). */
  clientIp: string;
  userAgent: string | undefined;
  /** Secret daily salt; rotating it makes yesterday's ids unlinkable to today's. */
  salt: string | Buffer;
}

/**
 * Anonymous id for a visitor who did not allow cookies: HMAC-SHA256 keyed by the daily
 * salt over project, IP and User-Agent, cut to 64 bits (16 hex chars). Keyed, so the IP
 * cannot be recovered by hashing candidate addresses without the salt; scoped by project,
 * so one visitor cannot be followed across projects.
 */
export function cookielessAnonymousId(input: CookielessIdInput): string {
  // A visitor sends many events a day: remembering recent ids saves an HMAC per request.
  const key = `${input.salt.toString()}\u0000${input.projectId}\u0000${input.clientIp}\u0000${input.userAgent ?? ""}`;
  return recentIds.getOrCompute(key, () => computeId(input));
}

const recentIds = new LruCache<string, string>(10_000);

function computeId(input: CookielessIdInput): string {
  const hmac = createHmac("sha256", input.salt);
  // Length prefixes keep the parts unambiguous ("a"+"bc" vs "ab"+"c").
  for (const part of [input.projectId, input.clientIp, input.userAgent ?? ""]) {
    hmac.update(`${part.length}:`);
    hmac.update(part);
  }
  return hmac.digest().subarray(0, 8).toString("hex");
}

const COOKIE_ID_BYTES = 16;
// 16 bytes in unpadded base64url are exactly 22 characters.
const COOKIE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A fresh random id for the `_vuid` cookie: 128 bits from the CSPRNG, base64url. */
export function newCookieAnonymousId(): string {
  return randomBytes(COOKIE_ID_BYTES).toString("base64url");
}

/**
 * Accepts only ids shaped like the ones newCookieAnonymousId issues, so a forged `_vuid`
 * cannot smuggle arbitrary text into storage; anything else is replaced by a fresh id.
 */
export function isValidCookieAnonymousId(value: unknown): value is string {
  return typeof value === "string" && COOKIE_ID_PATTERN.test(value);
}

/** The UTC calendar day a salt belongs to, as "YYYY-MM-DD". Throws on an invalid Date. */
export function saltDay(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("saltDay needs a valid date");
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  const month = String(date.getUTCMonth() + 1).padStart(2, "0");
  const day = String(date.getUTCDate()).padStart(2, "0");
  return `${year}-${month}-${day}`;
}
