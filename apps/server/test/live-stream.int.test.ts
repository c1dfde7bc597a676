// The live stream over SSE: across two server processes on one Postgres, refusals with reasons, and resuming by event id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInNewAdmin, type AdminClient } from "../../../test-support/admin-client.ts";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { subscribeLive } from "../../../test-support/live-subscription.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { spawnServer, type ServerProcess } from "../../../test-support/server-process.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

// On Postgres, events go to a second server process; PGlite has one process, so both sides are one.
const crossProcess = testDatabaseKind() === "postgres";

describe("live stream", () => {
  let subscriberSide: TestInlet;
  let ingestSide: ServerProcess | undefined;
  let ingestUrl: string;
  let client: AdminClient;

  beforeAll(async () => {
    subscriberSide = await startTestInlet();
    ingestSide = crossProcess
      ? await spawnServer({ DATABASE_URL: subscriberSide.database.postgresUrl ?? "" })
      : undefined;
    ingestUrl = ingestSide?.url ?? subscriberSide.url;
    client = await signInNewAdmin(subscriberSide);
  });
  afterAll(async () => {
    ingestSide?.child.kill("SIGTERM");
    await ingestSide?.exited;
    await subscriberSide.close();
  });

  it("shows an event posted to the other process (on Postgres), after it is stored", async () => {
    const project = await createTestProject(subscriberSide.database);
    const live = subscribeLive(client, { projectId: project.projectId });
    await live.ready;
    expect(
      (await postJson(ingestUrl, "/e", { projectToken: project.token, name: "cross" })).status,
    ).toBe(200);
    await expect.poll(() => live.items().length, { timeout: 5_000 }).toBe(1);
    live.stop();
    const [item] = live.items();
    if (item?.kind !== "accepted") throw new Error(`expected an accepted item, got ${item?.kind}`);
    expect(item.name).toBe("cross");
    const stored = await subscriberSide.database.prisma.event.findFirst({
      where: { id: item.eventId ?? "" },
      select: { name: true },
    });
    expect(stored?.name).toBe("cross");
  });

  it("shows a refused request with its status and reason", async () => {
    const project = await createTestProject(subscriberSide.database);
    const live = subscribeLive(client, { projectId: project.projectId, kinds: ["refused"] });
    await live.ready;
    const response = await postJson(ingestUrl, "/e", {
      projectToken: project.token,
      url: "https://x.example",
    });
    expect(response.status).toBe(400);
    await expect.poll(() => live.items().length, { timeout: 5_000 }).toBe(1);
    live.stop();
    expect(live.items()[0]).toMatchObject({
      kind: "refused",
      status: 400,
      reason: "name is required",
    });
  });

  it("resumes after a reconnect with exactly the events it missed", async () => {
    const project = await createTestProject(subscriberSide.database);
    const send = (name: string) => postJson(ingestUrl, "/e", { projectToken: project.token, name });
    const first = subscribeLive(client, { projectId: project.projectId });
    await first.ready;
    await send("one");
    await send("two");
    await expect.poll(() => first.items().length, { timeout: 5_000 }).toBe(2);
    first.stop();
    const lastEventId = first.received.at(-1)?.id;

    for (const name of ["three", "four", "five"]) await send(name);
    // Let the missed events reach the subscriber's process before it reconnects.
    await expect
      .poll(async () =>
        subscriberSide.database.prisma.event.count({ where: { projectId: project.projectId } }),
      )
      .toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const resumed = subscribeLive(client, { projectId: project.projectId, lastEventId });
    await resumed.ready;
    await send("six");
    await expect.poll(() => resumed.items().length, { timeout: 5_000 }).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    resumed.stop();
    expect(resumed.items().map((item) => item.name)).toEqual(["three", "four", "five", "six"]);
  });
});
