// LiveHistory on its own: ids that resume exactly, items lost to the bound, replays on another process, and an opening's stored items.
import type { LiveItem } from "@inlet/contracts";
import { describe, expect, it } from "vitest";
import { liveItemMaker } from "../../test/live-viewer.ts";
import { PUBLISH_LAG_MARGIN_MS } from "@inlet/db";
import { LiveHistory, OPENING_WINDOW_MS } from "./live-history.ts";

const START = Date.parse("2030-06-01T12:00:00.000Z");

const { accepted } = liveItemMaker(() => "p");
/** An accepted event received at `atMs`. */
const event = (name: string, atMs: number): LiveItem => ({
  ...accepted(name),
  at: new Date(atMs).toISOString(),
});

/** A history started at `startMs`, with a clock the test moves. */
function historyFrom(size: number, startMs: number) {
  const clock = { ms: startMs };
  return { history: new LiveHistory(size, () => clock.ms), clock };
}

const names = (items: { item: LiveItem }[]) => items.map(({ item }) => item.name);
const everything = () => true;
const storedOnly = (items: LiveItem[]) => () => Promise.resolve(items.toReversed());

describe("LiveHistory", () => {
  it("replays exactly what followed an id, and counts what fell out of the bound", () => {
    const { history } = historyFrom(3, START);
    const stamped = ["a", "b", "c", "d", "e"].map((name, i) => history.add(event(name, START + i)));
    const after = (name: string) => history.idOf(stamped.find((s) => s.item.name === name)!);
    expect(names(history.replay(after("c")).items)).toEqual(["d", "e"]);
    // a and b are gone, so resuming after a reports b as lost.
    expect(history.replay(after("a"))).toMatchObject({ lost: 1 });
  });

  it("replays by time, a margin early, an id another process numbered", () => {
    const { history } = historyFrom(10, START);
    history.add(event("old", START - 60_000));
    history.add(event("recent", START - 1_000));
    const { items, lost } = history.replay(`otherfeed.7.${START}`);
    expect(names(items)).toEqual(["recent"]);
    expect(lost).toBe(0);
  });

  it("opens with the window before its own clock, kept and stored items alike", async () => {
    const { history, clock } = historyFrom(10, START - 2 * OPENING_WINDOW_MS);
    history.add(event("kept, too old", START - OPENING_WINDOW_MS - 1_000));
    history.add(event("kept", START - 60_000));
    clock.ms = START;
    const since: number[] = [];
    const opening = await history.opening(everything, (sinceMs) => {
      since.push(sinceMs);
      return Promise.resolve([]);
    });
    expect(names(opening?.items ?? [])).toEqual(["kept"]);
    expect(since).toEqual([START - OPENING_WINDOW_MS]);
  });

  it("opens with the stored items it cannot have seen, and leaves those on their way to the live part", async () => {
    const now = START;
    const { history, clock } = historyFrom(10, now - 60_000);
    clock.ms = now;
    const stored = [
      event("before its start", now - 120_000),
      // Received since, yet never seen: its publication is long overdue, so it was missed.
      event("missed", now - PUBLISH_LAG_MARGIN_MS - 5_000),
      // Received a moment ago: its publication may still be on its way.
      event("in flight", now - 1_000),
    ];
    const opening = await history.opening(everything, storedOnly(stored));
    expect(names(opening?.items ?? [])).toEqual(["before its start", "missed"]);
  });

  it("takes from storage what fell out of the bound, and resumes after the whole opening", async () => {
    const now = START;
    const { history, clock } = historyFrom(2, now - 60_000);
    const dropped = event("dropped", now - 3_000);
    [dropped, event("kept 1", now - 2_500), event("kept 2", now - 2_000)].forEach((item) =>
      history.add(item),
    );
    clock.ms = now;
    const opening = await history.opening(everything, storedOnly([dropped]));
    expect(names(opening?.items ?? [])).toEqual(["dropped", "kept 1", "kept 2"]);
    expect(names(history.replay(opening?.id ?? "").items)).toEqual([]);
  });
});
