import { own } from "./fields.ts";
import type { ParseResult } from "./result.ts";
import { fail, ok } from "./result.ts";

// Client clocks: an event's `timestamp` and a request's `sentAt`, each an ISO 8601
// date-time with a zone, or a number of epoch milliseconds. Read into epoch milliseconds;
// what the stored time becomes is decided by resolveEventTime (event-time.ts).

// Date, `T` (or a space), hours and minutes, optional seconds and fraction, then a zone.
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;

// Epoch milliseconds below this (early 1973) are far likelier seconds sent by mistake.
const SMALLEST_MILLISECONDS = 100_000_000_000;
// The last instant a JavaScript Date can hold.
const LARGEST_MILLISECONDS = 8_640_000_000_000_000;

const expected = (name: string) =>
  `${name} must be an ISO 8601 date-time with a zone (Z or +hh:mm) or epoch milliseconds`;

/**
 * An optional time member in epoch milliseconds: null when absent, null or empty (as for
 * text members); a refusal naming the member when it cannot be read as an instant.
 */
export function readClientTime(
  body: Record<string, unknown>,
  name: string,
): ParseResult<number | null> {
  const value = own(body, name);
  if (value === undefined || value === null || value === "") return ok(null);
  if (typeof value === "number") return epochMilliseconds(value, name);
  if (typeof value === "string") return isoDateTime(value.trim(), name);
  return fail(expected(name));
}

function epochMilliseconds(value: number, name: string): ParseResult<number> {
  if (!Number.isFinite(value) || value < 0 || value > LARGEST_MILLISECONDS) {
    return fail(expected(name));
  }
  if (value < SMALLEST_MILLISECONDS) {
    return fail(`${name} must be epoch milliseconds; the number sent looks like seconds`);
  }
  return ok(Math.floor(value));
}

function isoDateTime(text: string, name: string): ParseResult<number> {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return fail(expected(name));
  const [, year, month, day, hour, minute, second = "0", fraction = "", zone = "Z"] = match;
  const parts = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = parts;
  // Date.UTC rolls 30 February into March; a date that does not exist is refused instead.
  const local = Date.UTC(y, mo - 1, d, h, mi, s, Number(fraction.slice(0, 3).padEnd(3, "0")));
  const asDate = new Date(local);
  if (
    mo < 1 ||
    mo > 12 ||
    asDate.getUTCDate() !== d ||
    asDate.getUTCMonth() !== mo - 1 ||
    h > 23 ||
    mi > 59 ||
    s > 59
  ) {
    return fail(`${name} is not a real date and time`);
  }
  const offset = zoneOffsetMinutes(zone);
  if (offset === null) return fail(`${name} has an impossible zone offset`);
  return epochMilliseconds(local - offset * 60_000, name);
}

/** `Z` is 0; `+05:30`, `+0530` and `+05` are minutes east of UTC; null beyond ±23:59. */
function zoneOffsetMinutes(zone: string): number | null {
  if (zone === "Z" || zone === "z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}
