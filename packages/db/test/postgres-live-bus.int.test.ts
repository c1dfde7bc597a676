// The cross-process live channel: items published on one connection arrive on another, in order, packed into few notifications; a process alone sends none.
import { randomUUID } from "node:crypto";
import pg from "pg";
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

  it("notifies only while another process listens, from the moment it is ready", async () => {
    const url = inject("postgresUrl") ?? "";
    // Listens on the channel without counting as an Inlet process: it sees what is sent.
    const observer = new pg.Client({ connectionString: url });
    const sent: string[] = [];
    observer.on("notification", (message) => sent.push(message.payload ?? ""));
    await observer.connect();
    await observer.query("LISTEN inlet_live");
    const first = await createPostgresLiveBus(url);
    let second: Awaited<ReturnType<typeof createPostgresLiveBus>> | null = null;
    try {
      const seenAlone: LiveItem[] = [];
      first.subscribe((item) => seenAlone.push(item));
      first.publish(accepted("alone"));
      await first.settled();
      expect(seenAlone).toHaveLength(1);
      second = await createPostgresLiveBus(url);
      const received: LiveItem[] = [];
      second.subscribe((item) => received.push(item));
      first.publish(accepted("together"));
      await expect.poll(() => received.length, { timeout: 5_000 }).toBe(1);
      expect(sent.some((payload) => payload.includes('"alone"'))).toBe(false);
      expect(sent.some((payload) => payload.includes('"together"'))).toBe(true);
    } finally {
      await first.close();
      await second?.close();
      await observer.end();
    }
  });
});
