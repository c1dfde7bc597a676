// Covers the dashboard's formatters: empty values, relative times either side of now, counts.
import { describe, expect, it } from "vitest";
import { formatCount, formatDateTime, formatRelative } from "./format.ts";

const NOW = Date.parse("2026-03-04T12:00:00Z");

describe("formatRelative", () => {
  it("says never for a missing time and just now under a minute", () => {
    expect(formatRelative(null, NOW)).toBe("never");
    expect(formatRelative(new Date(NOW - 59_000), NOW)).toBe("just now");
    expect(formatRelative(new Date(NOW + 30_000), NOW)).toBe("just now");
  });

  it("picks the largest whole unit, past and future", () => {
    const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
    expect(formatRelative(new Date(NOW - 3 * 60_000), NOW)).toBe(relative.format(-3, "minute"));
    expect(formatRelative(new Date(NOW + 2 * 3_600_000).toISOString(), NOW)).toBe(
      relative.format(2, "hour"),
    );
    expect(formatRelative(new Date(NOW - 50 * 3_600_000), NOW)).toBe(relative.format(-2, "day"));
  });
});

describe("formatDateTime and formatCount", () => {
  it("show a dash for no date, and group digits as the locale does", () => {
    expect(formatDateTime(undefined)).toBe("—");
    expect(formatDateTime("2026-03-04T12:00:00Z")).toBe(
      new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" }).format(
        new Date("2026-03-04T12:00:00Z"),
      ),
    );
    expect(formatCount(1234567)).toBe(new Intl.NumberFormat().format(1234567));
  });
});
