// The cross-process live channel: items published on one connection arrive on another, in order, packed into few notifications.
import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import "../../../test-support/vitest-context.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { createPostgresLiveBus, type LiveItem } from "../src/index.ts";

function accepted(name: string, customData: Record<string, string> = {}): LiveItem {
  const eventId = randomUUID();
  return {
    itemId: eventId,
    kind: "accepted",
    projectId: randomUUID(),
    eventId,
    name,
    url: null,
    userIdentifier: null,
    anonymousId: "a",
    customData,
    at: new Date().toISOString(),
  };
}

describe.runIf(testDatabaseKind() === "postgres")("Postgres live bus", () => {
  it("delivers every item to the other process in order, shrinking only what cannot fit", async () => {
    const url = inject("postgresUrl") ?? "";
    const sender = await createPostgresLiveBus(url);
    const receiver = await createPostgresLiveBus(url);
    const received: LiveItem[] = [];
    const seenBySender: LiveItem[] = [];
    receiver.subscribe((item) => received.push(item));
    sender.subscribe((item) => seenBySender.push(item));
    try {
      const items = Array.from({ length: 500 }, (_, i) => accepted(`item-${i}`, { i: String(i) }));
      items.splice(250, 0, accepted("huge", { blob: "x".repeat(20_000) }));
      for (const item of items) sender.publish(item);
      await expect.poll(() => received.length, { timeout: 5_000 }).toBe(items.length);
      expect(received.map((item) => item.kind === "accepted" && item.name)).toEqual(
        items.map((item) => item.kind === "accepted" && item.name),
      );
      const huge = received.find((item) => item.kind === "accepted" && item.name === "huge");
      expect(huge && huge.kind === "accepted" && huge.customData).toBeNull();
      expect(seenBySender).toHaveLength(items.length); // local delivery is immediate and whole
    } finally {
      await sender.close();
      await receiver.close();
    }
  });
});
