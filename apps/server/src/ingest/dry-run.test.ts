// The dry run's fold: each item sees the links, users and keys the items before it would have made, as writeBatch applies them.
import { describe, expect, it } from "vitest";
import type { BatchWrite } from "./batch-writes.ts";
import { previewWrites, type DryRunState } from "./dry-run.ts";
import type { EventRow } from "./event-row.ts";
import { bareEventRow } from "../../../../test-support/event-rows.ts";

const EMPTY: DryRunState = {
  linked: null,
  users: new Map(),
  storedKeys: new Set(),
  anonymousEvents: 0,
};

function event(name: string, idempotencyKey: string | null = null): EventRow {
  return bareEventRow({
    id: `id-${name}`,
    projectId: "p",
    tokenId: "t",
    anonymousId: "visitor",
    name,
    idempotencyKey,
  });
}

const LEE = { displayName: "Lee", avatarUrl: null, properties: { plan: "pro" } };

const change = (identifier: string) => ({
  identifier,
  displayName: null,
  avatarUrl: null,
  ops: null,
});

const track = (
  name: string,
  user: string | null,
  link: "browser-links" | "server-keeps-link" = "server-keeps-link",
  key: string | null = null,
): BatchWrite => ({
  type: "event",
  job: { event: event(name, key), user: user === null ? null : change(user), link },
  time: { occurredAt: 0, receivedAt: 0, skewMs: null, source: "received", adjusted: null },
});

describe("previewWrites", () => {
  it("credits unnamed events through the link an earlier item made, and only a browser's event links", () => {
    const previews = previewWrites(
      [
        track("server", "sam"),
        track("after-server", null),
        track("browser", "bea", "browser-links"),
        track("after-browser", null),
      ],
      EMPTY,
    );
    expect(
      previews.map((p) => (p.status === 200 ? [p.user.identifier, p.user.rule] : null)),
    ).toEqual([
      ["sam", "sent-identifier"],
      [null, "anonymous"],
      ["bea", "sent-identifier"],
      ["bea", "visitor-link"],
    ]);
  });

  it("lets an identify adopt the stored and earlier anonymous events, and counts a user new once", () => {
    const [first, identify, again] = previewWrites(
      [track("anon", null), { type: "identify", user: change("ivy") }, track("named", "ivy")],
      { ...EMPTY, anonymousEvents: 3 },
    );
    expect(first).toMatchObject({ user: { rule: "anonymous" } });
    expect(identify).toMatchObject({
      adopts: 4,
      user: { new: true },
      visitorLink: { after: "ivy" },
    });
    expect(again).toMatchObject({ user: { identifier: "ivy", new: false } });
  });

  it("marks a stored or repeated key a duplicate, and refuses an update that finds no user", () => {
    const previews = previewWrites(
      [
        track("a", null, "server-keeps-link", "k1"),
        track("b", null, "server-keeps-link", "k2"),
        track("c", null, "server-keeps-link", "k2"),
        { type: "updateUser", change: { ...change("x"), identifier: null } },
      ],
      { ...EMPTY, storedKeys: new Set(["k1"]) },
    );
    expect(previews.map((p) => (p.type === "event" ? p.duplicate : p.status))).toEqual([
      true,
      false,
      true,
      400,
    ]);
  });

  it("updates the linked user when the update names none", () => {
    const [update] = previewWrites(
      [{ type: "updateUser", change: { ...change("x"), identifier: null } }],
      { ...EMPTY, linked: "lee", users: new Map([["lee", LEE]]) },
    );
    expect(update).toMatchObject({ user: { identifier: "lee", rule: "visitor-link", new: false } });
  });

  it("reports only what would change, each item seeing the users as the items before it left them", () => {
    const rename = {
      ...change("lee"),
      displayName: "Lee",
      ops: { set: { plan: "team" }, setOnce: {}, unset: [] },
    };
    const previews = previewWrites(
      [
        { type: "identify", user: rename },
        { type: "updateUser", change: { ...rename, identifier: null } },
        track("named", "lee"),
      ],
      { ...EMPTY, users: new Map([["lee", LEE]]) },
    );
    expect(previews.map((p) => (p.status === 200 ? p.changes : null))).toEqual([
      { properties: { set: { plan: "team" }, unset: [] } },
      {},
      {},
    ]);
  });
});
