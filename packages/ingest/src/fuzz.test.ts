// Covers robustness: ~1,000 garbage bodies never make a parser throw and every reason is printable ASCII.
import { describe, expect, it } from "vitest";
import { extractToken } from "./fields.ts";
import { DEFAULT_INGEST_LIMITS } from "./limits.ts";
import { PARSER_THREW_REASON, type ParseResult } from "./result.ts";
import { parseTrackRequest } from "./track-request.ts";
import { parseIdentifyRequest, parseUpdateUserRequest } from "./user-requests.ts";

// A seeded generator keeps failures reproducible.
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const FIELDS = [
  "name",
  "url",
  "identifier",
  "userIdentifier",
  "displayName",
  "avatarUrl",
  "customData",
  "userData",
  "data",
  "contextId",
  "id",
  "Token",
  "projectToken",
  "Allow-Cookies",
  "set",
  "setOnce",
  "unset",
  "__proto__",
  "constructor",
  "href",
];
const NAMES = ["$pageview", "$$pageView", "$outbound_link", "$$outboundLink", "signup", ""];
const STRINGS = ["", " ", "x", "\u0000", "\uD800", "\uDFFFa", "é", "__proto__", "true", "9"];

function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 6 : 9));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return next() < 0.3 ? Number.MAX_VALUE : Math.floor(next() * 2000) - 1000;
    case 3:
      return STRINGS[Math.floor(next() * STRINGS.length)] ?? "";
    case 4:
      return NAMES[Math.floor(next() * NAMES.length)] ?? "";
    case 5:
      return "s".repeat(Math.floor(next() * 5000));
    case 6:
      return Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth + 1));
    default:
      return randomObject(next, depth + 1);
  }
}

function randomObject(next: () => number, depth: number): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  const count = Math.floor(next() * 8);
  for (let i = 0; i < count; i += 1) {
    const key = FIELDS[Math.floor(next() * FIELDS.length)] ?? "k";
    entries.push([key, randomValue(next, depth)]);
  }
  // Round-trip through JSON so bodies look exactly like what the HTTP layer hands over.
  return JSON.parse(JSON.stringify(Object.fromEntries(entries))) as Record<string, unknown>;
}

/** A body with a valid name, so parsing reaches the nested customData and userData values. */
function plausibleBody(next: () => number): Record<string, unknown> {
  return {
    ...randomObject(next, 2),
    name: "signup",
    customData: randomObject(next, 1),
    userData: { set: randomObject(next, 1), setOnce: randomObject(next, 1) },
  };
}

const outcomes = { accepted: 0, refused: 0 };

function checkResult(result: ParseResult<unknown>): void {
  if (result.ok) {
    outcomes.accepted += 1;
  } else {
    outcomes.refused += 1;
    // The backstop hides a throw from clients; here it would hide the parser's bug.
    expect(result.reason).not.toBe(PARSER_THREW_REASON);
    expect(result.reason).toMatch(/^[\x20-\x7E]{1,200}$/);
  }
}

describe("random bodies", () => {
  // A thousand bodies take well under a second alone, but several on a shared, busy machine.
  it("never throw and always give a printable reason", { timeout: 30_000 }, () => {
    const next = generator(20_260_304);
    for (let i = 0; i < 1000; i += 1) {
      const body =
        i % 10 === 0
          ? randomValue(next, 0)
          : i % 3 === 0
            ? plausibleBody(next)
            : randomObject(next, 0);
      const headers = { "allow-cookies": String(randomValue(next, 5)), "v-sdk": "\u0000web" };
      expect(() => extractToken(body, headers)).not.toThrow();
      checkResult(parseTrackRequest(body, headers, DEFAULT_INGEST_LIMITS));
      checkResult(parseIdentifyRequest(body, headers, DEFAULT_INGEST_LIMITS));
      checkResult(parseUpdateUserRequest(body, headers, DEFAULT_INGEST_LIMITS));
    }
    // Both outcomes must occur, or the generator is not exercising the parsers.
    expect(outcomes.accepted).toBeGreaterThan(50);
    expect(outcomes.refused).toBeGreaterThan(50);
  });

  it("survives values JSON never produces", () => {
    const odd: unknown[] = [undefined, Symbol("s"), 10n, () => 1, new Date(0), new Map(), NaN];
    for (const value of odd) {
      const bodies = [value, { name: value }, { name: "x", customData: { a: value } }];
      bodies.push({ name: "x", userData: { set: { a: value } } }, { identifier: value });
      for (const body of bodies) {
        checkResult(parseTrackRequest(body, {}, DEFAULT_INGEST_LIMITS));
        checkResult(parseIdentifyRequest(body, {}, DEFAULT_INGEST_LIMITS));
        checkResult(parseUpdateUserRequest(body, {}, DEFAULT_INGEST_LIMITS));
      }
    }
  });

  it("turns a throwing getter into a refusal instead of an exception", () => {
    const body = {
      get name(): string {
        throw new Error("boom");
      },
    };
    expect(parseTrackRequest(body, {})).toEqual({ ok: false, reason: PARSER_THREW_REASON });
  });
});
