// A dry run's user changes: the store's rules applied to the stored user, and only what would differ reported.
import { describe, expect, it } from "vitest";
import { previewUserChange, storedProperties, type StoredUser } from "./user-change-preview.ts";
import type { UserChange } from "./user-writes.ts";

const STORED: StoredUser = {
  displayName: "Ada",
  avatarUrl: null,
  properties: { plan: "pro", address: { city: "Oslo" }, seats: 3 },
};

const change = (fields: Partial<UserChange>): UserChange => ({
  identifier: "ada",
  displayName: null,
  avatarUrl: null,
  ops: null,
  ...fields,
});

const ops = (parts: Partial<NonNullable<UserChange["ops"]>>) => ({
  set: {},
  setOnce: {},
  unset: [],
  ...parts,
});

describe("previewUserChange", () => {
  it("reports everything a new user would be given", () => {
    const { after, changes } = previewUserChange(
      undefined,
      change({ displayName: "Ada", ops: ops({ setOnce: { source: "ads" }, unset: ["gone"] }) }),
    );
    expect(changes).toEqual({
      displayName: "Ada",
      properties: { set: { source: "ads" }, unset: [] },
    });
    expect(after).toEqual({ displayName: "Ada", avatarUrl: null, properties: { source: "ads" } });
  });

  it("reports nothing when the user already has what is sent, nested values compared by content", () => {
    const sent = change({
      displayName: "Ada",
      ops: ops({
        set: { plan: "pro", address: { city: "Oslo" } },
        setOnce: { seats: 10 },
        unset: ["never-set"],
      }),
    });
    expect(previewUserChange(STORED, sent)).toEqual({ after: STORED, changes: {} });
  });

  it("shows a name, avatar and the keys that would differ: set, a filling setOnce, unset", () => {
    const { changes } = previewUserChange(
      STORED,
      change({
        displayName: "Ada L.",
        avatarUrl: "https://example.com/ada.png",
        ops: ops({
          set: { plan: "team", trial: null },
          setOnce: { source: "ads" },
          unset: ["seats"],
        }),
      }),
    );
    expect(changes).toEqual({
      displayName: "Ada L.",
      avatarUrl: "https://example.com/ada.png",
      properties: { set: { plan: "team", trial: null, source: "ads" }, unset: ["seats"] },
    });
  });

  it("keeps a stored name the change does not send", () => {
    const { after, changes } = previewUserChange(
      STORED,
      change({ avatarUrl: "https://a.example/x.png" }),
    );
    expect(after.displayName).toBe("Ada");
    expect(changes).toEqual({ avatarUrl: "https://a.example/x.png" });
  });
});

describe("storedProperties", () => {
  it("takes an object as it is and anything else as no properties", () => {
    expect(storedProperties({ a: 1 })).toEqual({ a: 1 });
    expect(storedProperties(null)).toEqual({});
    expect(storedProperties([1])).toEqual({});
  });
});
