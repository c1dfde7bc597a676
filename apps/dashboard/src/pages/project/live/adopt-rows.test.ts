// Covers adoptAnonymousRows: Live rows follow /i the way stored events do.
import { describe, expect, it } from "vitest";
import { adoptAnonymousRows, hasIdentify } from "./adopt-rows.ts";
import type { LiveRow } from "./live-types.ts";

let clock = 0;
function row(name: string, anonymousId: string, userIdentifier: string | null, stored = true) {
  clock += 1;
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, clock)).toISOString();
  const item = {
    itemId: `item-${clock}`,
    kind: "accepted" as const,
    projectId: "p",
    eventId: stored ? `event-${clock}` : null,
    name,
    url: null,
    userIdentifier,
    anonymousId,
    customData: null,
    at,
  };
  return { key: item.itemId, at, type: "item" as const, item };
}
const users = (rows: LiveRow[]) =>
  rows.map((r) => (r.type === "item" ? [r.item.name, r.item.userIdentifier] : ["missed", null]));

describe("adoptAnonymousRows", () => {
  it("gives a visitor's earlier anonymous events the user it identified as", () => {
    const oldestFirst = [
      row("a1", "v1", null),
      row("b1", "v2", null),
      row("a2", "v1", "ann"),
      row("a3", "v1", null),
      row("$identify", "v1", "bob", false),
      row("a4", "v1", "bob"),
    ];
    expect(users(adoptAnonymousRows(oldestFirst.toReversed()).toReversed())).toEqual([
      ["a1", "bob"],
      ["b1", null],
      ["a2", "ann"],
      ["a3", "bob"],
      ["$identify", "bob"],
      ["a4", "bob"],
    ]);
  });

  it("lets the nearest later identify adopt, as on the server", () => {
    const oldestFirst = [
      row("first", "v1", null),
      row("$identify", "v1", "ann", false),
      row("$identify", "v1", "bob", false),
    ];
    expect(users(adoptAnonymousRows(oldestFirst.toReversed()).toReversed())).toEqual([
      ["first", "ann"],
      ["$identify", "ann"],
      ["$identify", "bob"],
    ]);
  });

  it("adopts nothing for a dry run's identify, which stored nothing", () => {
    const identify = row("$identify", "v1", "ann", false);
    const rows = [
      { ...identify, item: { ...identify.item, dryRun: true as const } },
      row("x", "v1", null),
    ];
    expect(adoptAnonymousRows(rows)).toBe(rows);
    expect(hasIdentify(rows)).toBe(false);
  });

  it("returns the same rows when nothing is adopted, so nothing re-renders", () => {
    const rows = [row("x", "v1", null), row("$update_user", "v1", "ann", false)];
    expect(adoptAnonymousRows(rows)).toBe(rows);
  });
});

describe("hasIdentify", () => {
  it("finds an identify among new rows, and nothing else counts", () => {
    expect(hasIdentify([row("x", "v1", null), row("$identify", "v1", "ann", false)])).toBe(true);
    expect(
      hasIdentify([row("$update_user", "v1", "ann", false), row("$identify", "v1", null)]),
    ).toBe(false);
  });
});
