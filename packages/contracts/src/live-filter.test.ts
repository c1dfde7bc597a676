// Covers the one live filter the server and the dashboard share: kinds, names and user.
import { describe, expect, it } from "vitest";
import type { LiveItem } from "./live-item.ts";
import { matchesLiveFilter } from "./live-filter.ts";

const accepted: LiveItem = {
  itemId: "e1",
  kind: "accepted",
  projectId: "p",
  eventId: "e1",
  name: "signup",
  url: null,
  userIdentifier: "u1",
  anonymousId: "a",
  customData: {},
  at: "2026-03-04T12:00:00.000Z",
};
const refusedUnparsed: LiveItem = {
  itemId: "r1",
  kind: "refused",
  projectId: "p",
  status: 400,
  reason: "body must be a JSON object",
  token: null,
  path: "/e",
  name: null,
  userIdentifier: null,
  excerpt: "{",
  at: "2026-03-04T12:00:01.000Z",
};

describe("matchesLiveFilter", () => {
  it("lets everything through an empty filter", () => {
    expect(matchesLiveFilter({}, accepted)).toBe(true);
    expect(matchesLiveFilter({ names: [], userIdentifier: "", kinds: [] }, refusedUnparsed)).toBe(
      true,
    );
  });

  it("narrows by kind, exact name and user, all at once", () => {
    expect(matchesLiveFilter({ kinds: ["refused"] }, accepted)).toBe(false);
    expect(matchesLiveFilter({ kinds: ["refused"] }, refusedUnparsed)).toBe(true);
    expect(matchesLiveFilter({ names: ["signup", "buy"] }, accepted)).toBe(true);
    expect(matchesLiveFilter({ names: ["sign"] }, accepted)).toBe(false);
    expect(matchesLiveFilter({ userIdentifier: "u1" }, accepted)).toBe(true);
    expect(matchesLiveFilter({ userIdentifier: "u2" }, accepted)).toBe(false);
    expect(
      matchesLiveFilter({ names: ["signup"], kinds: ["accepted"], userIdentifier: "u2" }, accepted),
    ).toBe(false);
  });

  it("keeps a request without a readable name or user out of name and user filters", () => {
    expect(matchesLiveFilter({ names: ["signup"] }, refusedUnparsed)).toBe(false);
    expect(matchesLiveFilter({ userIdentifier: "u1" }, refusedUnparsed)).toBe(false);
  });
});
