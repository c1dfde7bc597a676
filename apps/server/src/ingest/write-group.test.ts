// WriteGroup: a lone write is applied alone, concurrent ones together, and a failed group's writes again alone.
import { describe, expect, it } from "vitest";
import { WriteGroup } from "./write-group.ts";

/** Applies writes (upper-casing them) after 5 ms, recording each call; "poison" fails its call. */
function recordingApply() {
  const calls: string[][] = [];
  const apply = async (writes: string[]) => {
    calls.push(writes);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (writes.includes("poison")) throw new Error("refused");
    return writes.map((write) => write.toUpperCase());
  };
  return { apply, calls };
}

const options = { maxBatch: 10, maxDelayMs: 5, maxQueue: 100, maxInFlight: 1, eagerWhenIdle: true };

describe("WriteGroup", () => {
  it("applies a write that finds nothing applying alone, and the ones behind it together", async () => {
    const { apply, calls } = recordingApply();
    const group = new WriteGroup(apply, options);
    const results = await Promise.all(["a", "b", "c"].map((write) => group.run(write)));
    expect(results).toEqual(["A", "B", "C"]);
    expect(calls).toEqual([["a"], ["b", "c"]]);
  });

  it("applies each write of a failed group again alone: only the failing one fails", async () => {
    const { apply, calls } = recordingApply();
    const group = new WriteGroup(apply, options);
    const first = group.run("first");
    const together = ["b", "poison", "c"].map((write) =>
      group.run(write).catch((error: unknown) => (error as Error).message),
    );
    expect(await first).toBe("FIRST");
    expect(await Promise.all(together)).toEqual(["B", "refused", "C"]);
    expect(calls.slice(1)).toEqual([["b", "poison", "c"], ["b"], ["poison"], ["c"]]);
  });

  it("fails a write that its apply left unanswered", async () => {
    const group = new WriteGroup(async () => [], options);
    await expect(group.run("lost")).rejects.toThrow("unanswered");
  });
});
