// planUserWrites folds a group of /i and /u in order, as one-by-one statements would apply them.
import { describe, expect, it } from "vitest";
import { linksToRead, planUserWrites, type UserWrite } from "./user-write-plan.ts";
import { visitorKey } from "./user-writes.ts";

const P = "project-1";
const identify = (anonymousId: string, identifier: string, displayName: string | null = null) =>
  ({
    type: "identify",
    projectId: P,
    anonymousId,
    user: { identifier, displayName, avatarUrl: null, ops: null },
  }) satisfies UserWrite;
const update = (anonymousId: string, identifier: string | null, set: Record<string, string>) =>
  ({
    type: "updateUser",
    projectId: P,
    anonymousId,
    change: {
      identifier,
      displayName: null,
      avatarUrl: null,
      ops: { set, setOnce: {}, unset: [] },
    },
  }) satisfies UserWrite;

describe("planUserWrites", () => {
  it("links each visitor to its last identify's user and lets the first one adopt", () => {
    const plan = planUserWrites(
      [identify("v", "ada"), identify("w", "cy"), identify("v", "bo")],
      new Map(),
    );
    expect(plan.links.map((link) => [link.anonymousId, link.identifier])).toEqual([
      ["v", "bo"],
      ["w", "cy"],
    ]);
    expect(plan.adoptions.map((link) => [link.anonymousId, link.identifier])).toEqual([
      ["v", "ada"],
      ["w", "cy"],
    ]);
    const adopted = new Map([[visitorKey(P, "v"), 3]]);
    expect(plan.answer(adopted)).toEqual([
      { identifier: "ada", adopted: 3 },
      { identifier: "cy", adopted: 0 },
      { identifier: "bo", adopted: 0 },
    ]);
  });

  it("sends an update without an identifier to the user an earlier identify linked", () => {
    const writes = [
      update("v", null, { a: "1" }),
      identify("v", "ada"),
      update("v", null, { b: "2" }),
    ];
    expect(linksToRead(writes)).toEqual([{ projectId: P, anonymousId: "v" }]);
    const plan = planUserWrites(writes, new Map([[visitorKey(P, "v"), "stored"]]));
    expect(plan.answer(new Map()).map((written) => written.identifier)).toEqual([
      "stored",
      "ada",
      "ada",
    ]);
    expect(plan.users.map((user) => [user.identifier, user.ops.set])).toEqual([
      ["ada", { b: "2" }],
      ["stored", { a: "1" }],
    ]);
  });

  it("answers null to an update that finds no user, and writes nothing for it", () => {
    const writes = [update("v", null, { a: "1" })];
    const plan = planUserWrites(writes, new Map());
    expect(plan.answer(new Map())).toEqual([{ identifier: null, adopted: 0 }]);
    expect(plan.users).toEqual([]);
  });

  it("merges one user's changes in order: the latest name, operations composed", () => {
    const plan = planUserWrites(
      [
        identify("v", "ada", "Ada"),
        update("v", "ada", { plan: "pro" }),
        identify("w", "ada", "Ada L"),
      ],
      new Map(),
    );
    expect(plan.users).toEqual([
      expect.objectContaining({
        identifier: "ada",
        displayName: "Ada L",
        ops: { set: { plan: "pro" }, setOnce: {}, unset: [] },
      }),
    ]);
    expect(linksToRead([identify("v", "ada"), update("v", null, {})])).toEqual([]);
  });
});
