// live.events through createCaller over an in-process bus: opening history, filters, resuming by last event id, the slow-viewer notice and ending on abort.
import { randomUUID } from "node:crypto";
import { LiveFeed } from "@inlet/api";
import { createLocalLiveBus, type LiveBus } from "@inlet/db";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApi, openTestDatabase, type TestApi, type TestDatabase } from "./caller.ts";
import { liveItemMaker, nameOf, openViewer, type LiveInput, type Received } from "./live-viewer.ts";
import { createTestProject, insertEvents } from "./test-data.ts";

// A new project per test: a stream opens with the project's recent history.
let P: string = randomUUID();
const Q = randomUUID();
const { accepted, rejected, later } = liveItemMaker(() => P);

describe("live.events", () => {
  let db: TestDatabase;
  let bus: LiveBus;
  let api: TestApi;
  let sessionToken: string;
  const controllers: AbortController[] = [];

  const open = async (input: LiveInput, feedApi = api) => {
    const viewer = await openViewer(feedApi, sessionToken, input);
    controllers.push(viewer.controller);
    return viewer;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    bus = createLocalLiveBus();
    api = createTestApi(db.database, { live: new LiveFeed(bus, { subscriberBuffer: 10 }) });
    sessionToken = (await api.signIn()).sessionToken;
  });
  beforeEach(() => {
    P = randomUUID();
  });
  afterEach(() => controllers.splice(0).forEach((controller) => controller.abort()));
  afterAll(async () => {
    await bus.close();
    await db.close();
  });

  it("yields only what matches the project, kind, name and user filters", async () => {
    const all = await open({ projectId: P });
    const failures = await open({ projectId: P, kinds: ["refused", "dropped"] });
    const signups = await open({ projectId: P, names: ["signup", "purchase"] });
    const alice = await open({ projectId: P, userIdentifier: "alice" });
    const items = [
      accepted("view-alice", "alice"),
      accepted("signup", "alice", Q),
      rejected("refused", "signup", "bob"),
      accepted("signup"),
      rejected("dropped", null),
      { ...rejected("refused", "orphan"), projectId: null },
      accepted("purchase", "bob"),
    ];
    items.forEach((item) => bus.publish(item));
    // Matches every filter, so each stream's next entry after its expected ones.
    const sentinel = rejected("refused", "signup", "alice");
    bus.publish(sentinel);

    const names = async (stream: Awaited<ReturnType<typeof open>>, count: number) =>
      (await stream.take(count + 1)).map(nameOf);
    expect(await names(all, 5)).toEqual([
      "view-alice",
      "signup",
      "signup",
      null,
      "purchase",
      "signup",
    ]);
    const failureKinds = (await failures.take(3)).map(
      (r) => r.entry.type === "item" && r.entry.item.kind,
    );
    expect(failureKinds).toEqual(["refused", "dropped", "refused"]);
    expect(await names(signups, 3)).toEqual(["signup", "signup", "purchase", "signup"]);
    const aliceItems = await alice.take(2);
    expect(aliceItems.map((r) => r.entry.type === "item" && r.entry.item)).toEqual([
      items[0],
      sentinel,
    ]);
  });

  it("sends what arrives together as one message, and spaces messages to a viewer", async () => {
    // A long interval, so that a busy machine cannot stretch the gap between b3 and b4 past it.
    const slowApi = createTestApi(db.database, {
      live: new LiveFeed(bus, { batchIntervalMs: 1_000 }),
    });
    const stream = await open({ projectId: P }, slowApi);
    ["b0", "b1", "b2"].forEach((name) => bus.publish(accepted(name)));
    expect((await stream.take(3)).map(nameOf)).toEqual(["b0", "b1", "b2"]);
    const sentAt = performance.now();
    bus.publish(accepted("b3"));
    setTimeout(() => bus.publish(accepted("b4")), 100);
    expect((await stream.take(2)).map(nameOf)).toEqual(["b3", "b4"]);
    expect(performance.now() - sentAt).toBeGreaterThan(800);
    const sizes = stream.messages.map(
      ({ message }) => message.type === "items" && message.items.length,
    );
    expect(sizes).toEqual([3, 2]);
  });

  it("resumes after the last event id with exactly the items that followed", async () => {
    const first = await open({ projectId: P });
    const seen: Received[] = [];
    // One at a time, so that each travels in a message of its own, with its own id.
    for (const name of ["e0", "e1", "e2", "e3", "e4", "e5"]) {
      bus.publish(accepted(name));
      seen.push(await first.next());
    }
    expect(seen.map(nameOf)).toEqual(["e0", "e1", "e2", "e3", "e4", "e5"]);
    expect(new Set(seen.map((r) => r.id)).size).toBe(6);
    first.controller.abort();

    // Published while the viewer was disconnected.
    ["e6", "e7", "e8"].forEach((name) => bus.publish(accepted(name)));
    const resumed = await open({ projectId: P, lastEventId: seen[3]?.id });
    bus.publish(accepted("after"));
    expect((await resumed.take(6)).map(nameOf)).toEqual(["e4", "e5", "e6", "e7", "e8", "after"]);
    const fromLast = await open({ projectId: P, lastEventId: seen[5]?.id });
    bus.publish(accepted("latest"));
    expect((await fromLast.take(4)).map(nameOf)).toEqual(["e6", "e7", "e8", "after"]);
    expect(nameOf(await fromLast.next())).toBe("latest");
  });

  it("tells a slow viewer how many items it skipped, then delivers the newest", async () => {
    const slow = await open({ projectId: P });
    const sent = Array.from({ length: 30 }, (_, i) => accepted(`burst-${i}`));
    sent.forEach((item) => bus.publish(item));
    const notice = await slow.next();
    expect(notice.entry).toEqual({ type: "missed", count: 20 });
    const rest = await slow.take(10);
    expect(rest.map(nameOf)).toEqual(sent.slice(20).map((item) => item.name));
    bus.publish(accepted("calm"));
    expect(nameOf(await slow.next())).toBe("calm");
  });

  it("reports items that fell out of the history instead of skipping them silently", async () => {
    const shortBus = createLocalLiveBus();
    const shortApi = createTestApi(db.database, {
      live: new LiveFeed(shortBus, { historySize: 5 }),
    });
    const first = await open({ projectId: P }, shortApi);
    shortBus.publish(accepted("h0"));
    const [h0] = await first.take(1);
    first.controller.abort();
    Array.from({ length: 8 }, (_, i) => accepted(`h${i + 1}`)).forEach((item) =>
      shortBus.publish(item),
    );
    const resumed = await open({ projectId: P, lastEventId: h0?.id }, shortApi);
    const entries = await resumed.take(6);
    expect(entries[0]?.entry).toEqual({ type: "missed", count: 3 });
    expect(entries.slice(1).map(nameOf)).toEqual(["h4", "h5", "h6", "h7", "h8"]);
    await shortBus.close();
  });

  it("resumes on another process's feed without silently losing items", async () => {
    // Two feeds on one bus are two server processes; a reconnect may reach the other one.
    const otherApi = createTestApi(db.database, { live: new LiveFeed(bus) });
    const onA = await open({ projectId: P });
    const at = later(1_000);
    const sameMs = ["m0", "m1", "m2"].map((name) => ({ ...accepted(name), at }));
    sameMs.forEach((item) => bus.publish(item));
    const [m0] = await onA.take(1);
    const resumed = await open({ projectId: P, lastEventId: m0?.id }, otherApi);
    bus.publish(accepted("sentinel"));
    const names: unknown[] = [];
    for (
      let entry = await resumed.next();
      nameOf(entry) !== "sentinel";
      entry = await resumed.next()
    )
      names.push(nameOf(entry));
    // Either the items after m0, or at least a notice that some may be missing.
    const missedNotice = names.some((name) => String(name).startsWith("missed"));
    if (!missedNotice) expect(names).toEqual(expect.arrayContaining(["m1", "m2"]));
  });

  it("opens with recent history, refusals and drops included, then continues without gap or repeat", async () => {
    const before = [accepted("h-a"), rejected("refused", "h-r"), rejected("dropped", "h-d")];
    before.forEach((item) => bus.publish(item));
    const stream = await open({ projectId: P });
    bus.publish(accepted("h-live"));
    expect((await stream.take(4)).map(nameOf)).toEqual(["h-a", "h-r", "h-d", "h-live"]);
    // Filters apply to the history too.
    const refusals = await open({ projectId: P, kinds: ["refused"] });
    expect(nameOf(await refusals.next())).toBe("h-r");
    bus.publish(rejected("refused", "h-next"));
    expect(nameOf(await refusals.next())).toBe("h-next");
  });

  it("opens with stored events on a process that never saw them, once each", async () => {
    const project = await createTestProject(db.database);
    const now = Date.now();
    const [oldId, firstId, secondId] = await insertEvents(db.database, project.projectId, [
      { name: "too old", occurredAt: new Date(now - 60 * 60_000) },
      { name: "stored 1", occurredAt: new Date(now - 2 * 60_000) },
      { name: "stored 2", occurredAt: new Date(now - 60_000) },
    ]);
    expect(oldId).toBeDefined();
    // A process started after the events: its feed has no history of its own.
    const freshBus = createLocalLiveBus();
    const freshApi = createTestApi(db.database, { live: new LiveFeed(freshBus) });
    // The same event, also seen on the channel (it was published as it was stored).
    freshBus.publish({ ...accepted("stored 2", null, project.projectId), itemId: secondId ?? "" });
    const stream = await open({ projectId: project.projectId }, freshApi);
    freshBus.publish(accepted("after", null, project.projectId));
    const entries = await stream.take(3);
    expect(entries.map(nameOf)).toEqual(["stored 1", "stored 2", "after"]);
    expect(entries[0]?.entry).toMatchObject({ item: { itemId: firstId, eventId: firstId } });
    // Nothing further: "stored 2" came once although both sources had it.
    await expect(stream.next()).rejects.toThrow("no live entry");
    await freshBus.close();
  });

  it("leaves a stored event not yet on the channel to the live part, so resuming repeats nothing", async () => {
    const project = await createTestProject(db.database);
    const feedBus = createLocalLiveBus();
    const feedApi = createTestApi(db.database, { live: new LiveFeed(feedBus) });
    // Committed, but its publication has not reached this process when the viewer opens.
    const receivedAt = new Date();
    const [eventId = ""] = await insertEvents(db.database, project.projectId, [
      { name: "in flight", occurredAt: receivedAt },
    ]);
    const stream = await open({ projectId: project.projectId }, feedApi);
    const inFlight = { ...accepted("in flight", null, project.projectId), itemId: eventId };
    feedBus.publish({ ...inFlight, at: receivedAt.toISOString() });
    const [seen] = await stream.take(1);
    expect(seen?.entry).toMatchObject({ item: { itemId: eventId } });
    stream.controller.abort();

    const resumed = await open({ projectId: project.projectId, lastEventId: seen?.id }, feedApi);
    feedBus.publish(accepted("after", null, project.projectId));
    expect(nameOf(await resumed.next())).toBe("after");
    await feedBus.close();
  });

  it("shows from storage what fell out of this process's history", async () => {
    const project = await createTestProject(db.database);
    const shortBus = createLocalLiveBus();
    const shortApi = createTestApi(db.database, {
      live: new LiveFeed(shortBus, { historySize: 2 }),
    });
    const receivedAt = new Date();
    const [eventId = ""] = await insertEvents(db.database, project.projectId, [
      { name: "pushed out", occurredAt: receivedAt },
    ]);
    const item = { ...accepted("pushed out", null, project.projectId), itemId: eventId };
    shortBus.publish({ ...item, at: receivedAt.toISOString() });
    // Another project's traffic pushes it out of the two-item history.
    shortBus.publish(accepted("other 1", null, Q));
    shortBus.publish(accepted("other 2", null, Q));
    const stream = await open({ projectId: project.projectId }, shortApi);
    expect(nameOf(await stream.next())).toBe("pushed out");
    await shortBus.close();
  });

  it("resumes after the whole opening history, though it is ordered by time", async () => {
    // Published in the opposite order of their times, as two processes' items may be.
    const earlier = accepted("earlier");
    const later = accepted("later");
    bus.publish(later);
    bus.publish(earlier);
    const stream = await open({ projectId: P });
    const opening = await stream.take(2);
    expect(opening.map(nameOf)).toEqual(["earlier", "later"]);
    stream.controller.abort();

    const resumed = await open({ projectId: P, lastEventId: opening[1]?.id });
    bus.publish(accepted("after"));
    expect(nameOf(await resumed.next())).toBe("after");
  });

  it("ends the stream when the signal aborts", async () => {
    const stream = await open({ projectId: P });
    const pending = stream.pending();
    stream.controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    bus.publish(accepted("after abort"));
    expect(await stream.iterator.next()).toEqual({ done: true, value: undefined });
  });
});
