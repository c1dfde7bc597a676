// The identity model of docs/identity.md, case by case, as Events, Users and Live show it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInNewAdmin, type AdminClient } from "../../../test-support/admin-client.ts";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { eventUsers, sendersFor } from "../../../test-support/identity-senders.ts";
import { subscribeLive } from "../../../test-support/live-subscription.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

let inlet: TestInlet;
let client: AdminClient;
beforeAll(async () => {
  inlet = await startTestInlet();
  client = await signInNewAdmin(inlet);
});
afterAll(() => inlet.close());

/** A fresh project, its senders, and what Live showed for each request, in order. */
async function newProject() {
  const { projectId, token } = await createTestProject(inlet.database);
  const live = subscribeLive(client, { projectId });
  await live.ready;
  const send = sendersFor(inlet.url, token);
  let sent = 0;
  return {
    send: async (...args: Parameters<typeof send>) => {
      const response = await send(...args);
      sent += 1;
      return response;
    },
    /** Name and user of every live item, once one has arrived per request sent. */
    async liveUsers() {
      await expect.poll(() => live.items().length).toBe(sent);
      return live.items().map((item) => [item.name, item.userIdentifier]);
    },
    /** Name and user of every stored event, in the order sent, as the Events page lists them. */
    async storedUsers() {
      await expect.poll(() => live.items().length).toBe(sent);
      const users = await eventUsers(client, projectId);
      const stored = live
        .items()
        .flatMap((item) =>
          item.kind === "accepted" && item.eventId ? [[item.name, users.get(item.eventId)]] : [],
        );
      expect(stored).toHaveLength(users.size);
      return stored;
    },
    stop: live.stop,
  };
}

describe("a server sender", () => {
  it("keeps each identified event with its user when /i names another", async () => {
    const project = await newProject();
    await project.send("curlBackend", "/e", { name: "alice_evt", identifier: "alice" });
    await project.send("curlBackend", "/e", { name: "bob_evt", identifier: "bob" });
    await project.send("curlBackend", "/i", { identifier: "carol" });
    expect(await project.storedUsers()).toEqual([
      ["alice_evt", "alice"],
      ["bob_evt", "bob"],
    ]);
    expect(await project.liveUsers()).toEqual([
      ["alice_evt", "alice"],
      ["bob_evt", "bob"],
      ["$identify", "carol"],
    ]);
    project.stop();
  });

  it("credits no one with an unnamed event because it named users before", async () => {
    const project = await newProject();
    await project.send("nodeBackend", "/e", { name: "order", userIdentifier: "alice" });
    await project.send("nodeBackend", "/e", { name: "cron" });
    expect(await project.liveUsers()).toEqual([
      ["order", "alice"],
      ["cron", null],
    ]);
    expect(await project.storedUsers()).toEqual([
      ["order", "alice"],
      ["cron", null],
    ]);
    project.stop();
  });

  it("follows the seed's flow: /i from curl, then /u without identifier updates that user", async () => {
    const project = await newProject();
    expect((await project.send("curlBackend", "/i", { identifier: "user_123" })).status).toBe(200);
    const update = await project.send("curlBackend", "/u", { data: { set: { plan: "pro" } } });
    expect(update.status).toBe(200);
    // The server's visitor is now user_123's: its unnamed events are credited there.
    await project.send("curlBackend", "/e", { name: "after" });
    expect(await project.liveUsers()).toEqual([
      ["$identify", "user_123"],
      ["$update_user", "user_123"],
      ["after", "user_123"],
    ]);
    expect(await project.storedUsers()).toEqual([["after", "user_123"]]);
    project.stop();
  });
});

describe("a browser", () => {
  it("on a shared computer without cookies, hands no one's events to the next person", async () => {
    const project = await newProject();
    await project.send("sharedBrowser", "/e", { name: "before" });
    await project.send("sharedBrowser", "/i", { identifier: "pc-alice" });
    await project.send("sharedBrowser", "/e", { name: "alice_named", identifier: "pc-alice" });
    await project.send("sharedBrowser", "/e", { name: "alice_unnamed" });
    await project.send("sharedBrowser", "/i", { identifier: "pc-bob" });
    await project.send("sharedBrowser", "/e", { name: "bob_unnamed" });
    expect(await project.storedUsers()).toEqual([
      ["before", "pc-alice"],
      ["alice_named", "pc-alice"],
      ["alice_unnamed", "pc-alice"],
      ["bob_unnamed", "pc-bob"],
    ]);
    // Live shows the user an event was stored under; /i adopted "before" later.
    expect(await project.liveUsers()).toEqual([
      ["before", null],
      ["$identify", "pc-alice"],
      ["alice_named", "pc-alice"],
      ["alice_unnamed", "pc-alice"],
      ["$identify", "pc-bob"],
      ["bob_unnamed", "pc-bob"],
    ]);
    project.stop();
  });

  it("lets an identified event stand for identify: the visitor's next events follow it", async () => {
    const project = await newProject();
    await project.send("cookieBrowser", "/e", { name: "landing" });
    await project.send("cookieBrowser", "/e", { name: "signup", identifier: "dana" });
    await project.send("cookieBrowser", "/e", { name: "browse" });
    const update = await project.send("cookieBrowser", "/u", { displayName: "Dana" });
    expect(update.status).toBe(200);
    expect(await project.liveUsers()).toEqual([
      ["landing", null],
      ["signup", "dana"],
      ["browse", "dana"],
      ["$update_user", "dana"],
    ]);
    // Only /i adopts earlier anonymous events.
    expect(await project.storedUsers()).toEqual([
      ["landing", null],
      ["signup", "dana"],
      ["browse", "dana"],
    ]);
    project.stop();
  });
});

describe("null for an optional field, and a pageview's url", () => {
  it('stores "customData": null as no properties and "identifier": null as anonymous', async () => {
    const project = await newProject();
    const response = await project.send("curlBackend", "/e", {
      name: "nulls",
      customData: null,
      identifier: null,
    });
    expect(response.status).toBe(200);
    expect(await project.liveUsers()).toEqual([["nulls", null]]);
    expect(await project.storedUsers()).toEqual([["nulls", null]]);
    project.stop();
  });

  it("refuses a $pageview whose url is not an absolute URL, with the reason", async () => {
    const project = await newProject();
    const response = await project.send("curlBackend", "/e", {
      name: "$pageview",
      url: "/pricing",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe("Invalid!");
    expect(response.headers.get("x-inlet-reason")).toBe("$pageview url must be an absolute URL");
    expect(await project.storedUsers()).toEqual([]);
    project.stop();
  });
});
