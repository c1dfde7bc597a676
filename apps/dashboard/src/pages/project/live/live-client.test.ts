// Covers the live client: ordering, dedupe by item id, missed notices, the pause buffer,
// history merging, where a new stream resumes, and the reconnect back-off.
import { describe, expect, it } from "vitest";
import { LiveClient, MAX_ROWS, visibleRows } from "./live-client.ts";
import type { LiveEnvelope, LiveItem } from "./live-types.ts";

/** A clock and timers the test moves by hand. */
function fakeTime() {
  let now = 0;
  let tasks: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    schedule: (run: () => void, delayMs: number) => {
      const task = { at: now + delayMs, run };
      tasks.push(task);
      return () => (tasks = tasks.filter((t) => t !== task));
    },
    advance(ms: number) {
      now += ms;
      const due = tasks.filter((task) => task.at <= now);
      tasks = tasks.filter((task) => task.at > now);
      for (const task of due) task.run();
    },
    pending: () => tasks.map((task) => task.at - now),
  };
}

function setup() {
  const time = fakeTime();
  const client = new LiveClient({ schedule: time.schedule, now: time.now });
  return { time, client };
}

let seq = 0;
function liveItem(name: string, at: string, itemId = `i-${++seq}`): LiveItem {
  return {
    itemId,
    kind: "accepted",
    projectId: "p",
    eventId: itemId,
    name,
    url: null,
    userIdentifier: null,
    anonymousId: "a",
    customData: {},
    at: `2026-03-04T12:00:${at}.000Z`,
  };
}

/** One message carrying the given items, as the server batches what arrived together. */
const batch = (...items: LiveItem[]): LiveEnvelope => ({
  id: `feed.${++seq}.0`,
  data: { type: "items", items },
});

const item = (name: string, at: string, itemId?: string) => batch(liveItem(name, at, itemId));

const names = (client: LiveClient) =>
  client.getState().rows.map((row) => (row.type === "item" ? row.item.name : `missed`));

describe("LiveClient rows", () => {
  it("shows a burst in one flush, newest first", () => {
    const { time, client } = setup();
    let changes = 0;
    client.subscribe(() => changes++);
    client.receive(item("a", "01"));
    client.receive(item("b", "02"));
    expect(names(client)).toEqual([]);
    time.advance(50);
    expect(names(client)).toEqual(["b", "a"]);
    expect(changes).toBe(1);
  });

  it("shows every item of one message, and each item once", () => {
    const { time, client } = setup();
    client.receive(item("a", "01", "first"));
    client.receive(
      batch(liveItem("b", "02"), liveItem("a again", "01", "first"), liveItem("c", "03")),
    );
    time.advance(50);
    expect(names(client)).toEqual(["c", "b", "a"]);
  });

  it("sorts an item a replay delivered late into place", () => {
    const { time, client } = setup();
    client.receive(item("a", "01"));
    client.receive(item("c", "03"));
    time.advance(50);
    client.receive(item("b", "02"));
    time.advance(50);
    expect(names(client)).toEqual(["c", "b", "a"]);
  });

  it("drops an item it already has, by item id", () => {
    const { time, client } = setup();
    client.receive(item("a", "01", "same"));
    client.receive(item("a again", "01", "same"));
    time.advance(50);
    expect(names(client)).toEqual(["a"]);
  });

  it("counts skipped items and places the notice at the newest item's time", () => {
    const { time, client } = setup();
    client.receive(item("a", "05"));
    client.receive({ id: "feed.9.0", data: { type: "missed", count: 3 } });
    client.receive({ id: "feed.9.0", data: { type: "missed", count: 2 } });
    time.advance(50);
    const [first, second] = client.getState().rows;
    expect(client.getState().skipped).toBe(5);
    expect(first?.at).toBe("2026-03-04T12:00:05.000Z");
    expect(first?.key).not.toBe(second?.key);
    client.dismissSkipped();
    expect(client.getState().skipped).toBe(0);
  });

  it("holds rows while paused, counts them, and merges them on resume", () => {
    const { time, client } = setup();
    client.receive(item("a", "01"));
    time.advance(50);
    client.pause();
    client.receive(item("b", "02"));
    client.receive({ id: "feed.50.0", data: { type: "missed", count: 1 } });
    time.advance(50);
    expect(names(client)).toEqual(["a"]);
    expect(client.getState().newWhilePaused).toBe(1);
    client.receive(item("c", "03"));
    client.resume();
    expect(names(client)).toEqual(["c", "missed", "b", "a"]);
    expect(client.getState()).toMatchObject({ paused: false, newWhilePaused: 0 });
  });

  it("keeps the newest MAX_ROWS when history and live rows merge", () => {
    const { time, client } = setup();
    for (let i = 0; i < MAX_ROWS + 5; i++) {
      const at = String(i % 60).padStart(2, "0");
      client.receive(item(`e${i}`, at));
    }
    time.advance(50);
    expect(client.getState().rows).toHaveLength(MAX_ROWS);
    client.clear();
    expect(client.getState().rows).toEqual([]);
  });

  it("shows only rows that match the filters, keeping notices", () => {
    const { time, client } = setup();
    client.receive(item("signup", "01"));
    client.receive(item("buy", "02"));
    client.receive({ id: "feed.70.0", data: { type: "missed", count: 1 } });
    time.advance(50);
    const shown = visibleRows(client.getState().rows, {
      names: ["signup"],
      userIdentifier: "",
      kinds: [],
    });
    expect(shown.map((row) => (row.type === "item" ? row.item.name : "missed"))).toEqual([
      "missed",
      "signup",
    ]);
  });
});

describe("LiveClient streams", () => {
  it("resumes a new stream after the last id received", () => {
    const { client } = setup();
    expect(client.resumeFrom("{}")).toBeNull();
    client.streamOpened("{}", null);
    const last = item("a", "01");
    client.receive(last);
    expect(client.resumeFrom("{}")).toBe(last.id);
  });

  it("backfills from where server-side filters began holding items back", () => {
    const { client } = setup();
    const before = item("a", "01");
    client.streamOpened("{}", null);
    client.receive(before);
    const narrow = JSON.stringify({ names: ["b"] });
    client.streamOpened(narrow, client.resumeFrom(narrow));
    client.receive(item("b", "02"));
    const other = JSON.stringify({ names: ["c"] });
    expect(client.resumeFrom(other)).toBe(before.id);
    client.streamOpened(other, before.id);
    // Back to no filter: still from before the filtered stretch, then it is complete again.
    expect(client.resumeFrom("{}")).toBe(before.id);
    client.streamOpened("{}", before.id);
    const latest = item("d", "04");
    client.receive(latest);
    expect(client.resumeFrom("{}")).toBe(latest.id);
  });

  it("says live, then reconnecting, then resumed", () => {
    const { time, client } = setup();
    client.streamOpened("{}", null);
    expect(client.getState().connection).toEqual({ state: "connecting" });
    client.connected();
    expect(client.getState().connection).toEqual({ state: "live", resumedAt: null });
    client.connectionLost("network error");
    expect(client.getState().connection).toEqual({
      state: "reconnecting",
      reason: "network error",
    });
    time.advance(1_234);
    client.connected();
    expect(client.getState().connection).toEqual({ state: "live", resumedAt: 1_234 });
  });

  it("resubscribes after a clean end, backing off to 10 s and resetting once connected", () => {
    const { time, client } = setup();
    let resubscribed = 0;
    const again = () => resubscribed++;
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      client.streamEnded(again);
      delays.push(...time.pending());
      time.advance(60_000);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect(resubscribed).toBe(6);
    client.connected();
    client.streamEnded(again);
    expect(time.pending()).toEqual([1_000]);
  });

  it("reconnects at once when asked after a failure, and stops timers on dispose", () => {
    const { time, client } = setup();
    let resubscribed = 0;
    client.failed("Sign in to continue");
    expect(client.getState().connection.state).toBe("failed");
    client.reconnect(() => resubscribed++);
    expect(client.getState().connection).toEqual({ state: "connecting" });
    time.advance(0);
    expect(resubscribed).toBe(1);
    client.streamEnded(() => resubscribed++);
    client.receive(item("a", "01"));
    client.dispose();
    expect(time.pending()).toEqual([]);
  });
});
