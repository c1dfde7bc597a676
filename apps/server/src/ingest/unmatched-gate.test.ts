// The unmatched-request gate: project items always pass, unmatched ones only up to their rate.
import { createLocalLiveBus, type LiveItem, type RejectedItem } from "@inlet/db";
import { describe, expect, it } from "vitest";
import { gateUnmatched } from "./unmatched-gate.ts";

function refused(projectId: string | null, n: number): RejectedItem {
  return {
    itemId: `item-${n}`,
    kind: "refused",
    projectId,
    status: 401,
    reason: "unknown project token",
    token: `proj_guess${n}`,
    path: "/e",
    name: null,
    userIdentifier: null,
    excerpt: "",
    at: new Date(0).toISOString(),
  };
}

describe("gateUnmatched", () => {
  it("lets a burst of unmatched requests through, then only the sustained rate", () => {
    let nowMs = 0;
    const bus = createLocalLiveBus();
    const seen: LiveItem[] = [];
    bus.subscribe((item) => seen.push(item));
    const gated = gateUnmatched(bus, 10, () => nowMs);

    for (let n = 0; n < 1_000; n++) gated.publish(refused(null, n));
    expect(seen).toHaveLength(50);
    // Project items are never held back, however many unmatched ones came first.
    for (let n = 0; n < 100; n++) gated.publish(refused("project-1", n));
    expect(seen).toHaveLength(150);

    nowMs += 1_000;
    for (let n = 0; n < 1_000; n++) gated.publish(refused(null, n));
    expect(seen).toHaveLength(160);
  });
});
