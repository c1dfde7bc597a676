// Composing user property operations: the composed one must equal applying them in order.
import type { JsonValue, UserDataOps } from "@inlet/ingest";
import { describe, expect, it } from "vitest";
import { applyUserOps as apply, composeUserOps } from "./user-ops.ts";

const op = (partial: Partial<UserDataOps>): UserDataOps => ({
  set: {},
  setOnce: {},
  unset: [],
  ...partial,
});

describe("composeUserOps", () => {
  it("matches sequential application for every combination of actions on one key", () => {
    const actions: UserDataOps[] = [
      op({}),
      op({ set: { k: 1 } }),
      op({ setOnce: { k: 2 } }),
      op({ unset: ["k"] }),
      op({ set: { k: 3 }, unset: ["k"] }),
      op({ setOnce: { k: 4 }, set: { k: 5 } }),
    ];
    for (const start of [{}, { k: 0 }] as Record<string, JsonValue>[]) {
      for (const first of actions) {
        for (const second of actions) {
          for (const third of actions) {
            const sequential = apply(apply(apply(start, first), second), third);
            expect(apply(start, composeUserOps([first, second, third]))).toEqual(sequential);
          }
        }
      }
    }
  });

  it("keeps keys it was not asked about", () => {
    const composed = composeUserOps([op({ set: { a: 1 } }), op({ setOnce: { b: 2 } })]);
    expect(apply({ c: 3 }, composed)).toEqual({ a: 1, b: 2, c: 3 });
  });
});
