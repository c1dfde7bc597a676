// Deleting a user over HTTP: gone from every table, events removed in the background, later requests for the identifier acknowledged but dropped, and the suppression list undoing it.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInNewAdmin, type AdminClient } from "../../../test-support/admin-client.ts";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { sendersFor } from "../../../test-support/identity-senders.ts";
import { subscribeLive } from "../../../test-support/live-subscription.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { tablesMentioning } from "../../../test-support/table-scan.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

let inlet: TestInlet;
let client: AdminClient;
beforeAll(async () => {
  inlet = await startTestInlet();
  client = await signInNewAdmin(inlet);
});
afterAll(() => inlet.close());

const unique = () => randomBytes(5).toString("hex");

/** A project with a user who has an adopted anonymous event, own events, properties and a link. */
async function projectWithUser() {
  const { projectId, token } = await createTestProject(inlet.database);
  const send = sendersFor(inlet.url, token);
  const identifier = `alice-${unique()}@example.com`;
  expect((await send("cookieBrowser", "/e", { name: "before_login" })).status).toBe(200);
  expect(
    (await send("cookieBrowser", "/i", { identifier, data: { set: { plan: "pro" } } })).status,
  ).toBe(200);
  for (let i = 0; i < 3; i++)
    expect((await send("cookieBrowser", "/e", { name: "own", identifier })).status).toBe(200);
  expect((await send("cookieBrowser", "/e", { name: "after_login" })).status).toBe(200);
  expect(
    (await send("curlBackend", "/u", { identifier, data: { set: { seats: "3" } } })).status,
  ).toBe(200);
  // Another user's event that names her as a value, and one that does not.
  const bob = `bob-${unique()}`;
  await send("curlBackend", "/e", {
    name: "referral",
    identifier: bob,
    customData: { referredBy: identifier },
  });
  await send("curlBackend", "/e", { name: "bob_only", identifier: bob });
  const user = await inlet.database.prisma.user.findFirstOrThrow({
    where: { projectId, identifier },
    select: { id: true },
  });
  return { projectId, send, identifier, bob, userId: user.id };
}

async function waitUntilDone(projectId: string, deletionId: string) {
  await expect
    .poll(async () => (await client.user.deletionStatus.query({ projectId, deletionId })).done, {
      timeout: 20_000,
      interval: 250,
    })
    .toBe(true);
  return client.user.deletionStatus.query({ projectId, deletionId });
}

describe("deleting a user", () => {
  it("removes the user at once and every event in the background, until no table mentions them", async () => {
    const { projectId, identifier, userId } = await projectWithUser();
    const { prisma } = inlet.database;
    expect(await prisma.event.count({ where: { userId } })).toBe(5);

    const { deletionId } = await client.user.delete.mutate({ projectId, identifier });
    // At once: no user by that identifier, no visitor link, no properties; the hash is listed.
    expect(await prisma.user.count({ where: { projectId, identifier } })).toBe(0);
    expect(await prisma.anonymousLink.count({ where: { userId } })).toBe(0);
    const { users } = await client.user.list.query({ projectId });
    expect(users.map((user) => user.identifier)).not.toContain(identifier);
    const suppressed = await prisma.suppressedIdentifier.findMany({ where: { projectId } });
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]?.identifierHash).toMatch(/^[0-9a-f]{64}$/);
    expect(suppressed[0]?.identifierHash).not.toContain(identifier);

    const status = await waitUntilDone(projectId, deletionId);
    // Her five events (one adopted from before sign-in) and bob's event naming her.
    expect(status).toMatchObject({ phase: "done", eventsTotal: 5, eventsDeleted: 6 });
    expect(await tablesMentioning(inlet.database, identifier)).toEqual({});
    expect(await tablesMentioning(inlet.database, userId)).toEqual({});
    const left = await prisma.event.findMany({ where: { projectId }, select: { name: true } });
    expect(left.map((event) => event.name)).toEqual(["bob_only"]);
  });

  it("answers later events, identifies and updates for the identifier with 200, stores nothing, and shows them dropped in Live", async () => {
    const { projectId, send, identifier } = await projectWithUser();
    const { deletionId } = await client.user.delete.mutate({ projectId, identifier });
    const live = subscribeLive(client, { projectId, kinds: ["dropped"] });
    await live.ready;
    // Every process applies the list within a second: its cached token has a version to outlive.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const later = [
      await send("curlBackend", "/e", { name: "after_delete", identifier }),
      await send("nodeBackend", "/e", { name: "after_delete_node", userIdentifier: identifier }),
      await send("cookieBrowser", "/i", { identifier }),
      await send("curlBackend", "/u", { identifier, data: { set: { plan: "free" } } }),
    ];
    for (const response of later) {
      expect(response.status).toBe(200);
      expect(response.headers.get("x-inlet-dropped")).toBe("user-deleted");
      expect(response.headers.get("x-inlet-reason")).toBe("user deleted");
    }
    await expect.poll(() => live.items().length).toBe(4);
    for (const item of live.items())
      expect(item).toMatchObject({
        kind: "dropped",
        reason: "user deleted",
        userIdentifier: identifier,
      });
    live.stop();
    await waitUntilDone(projectId, deletionId);
    const { prisma } = inlet.database;
    expect(await prisma.user.count({ where: { projectId, identifier } })).toBe(0);
    expect(
      await prisma.event.count({ where: { projectId, name: { startsWith: "after_delete" } } }),
    ).toBe(0);
    // Bob's own event is all that is left.
    expect(await prisma.event.count({ where: { projectId } })).toBe(1);
    expect(await tablesMentioning(inlet.database, identifier)).toEqual({});
  });

  it("lets the identifier in again once an admin removes it from the suppression list", async () => {
    const { projectId, send, identifier } = await projectWithUser();
    await client.user.delete.mutate({ projectId, identifier });
    const [entry] = await client.suppression.list.query({ projectId });
    expect(entry?.hashPrefix).toMatch(/^[0-9a-f]{12}$/);
    await expect(
      client.suppression.remove.mutate({ projectId, identifier: `${identifier}x` }),
    ).rejects.toThrow(/not on this project's suppression list/);

    await client.suppression.remove.mutate({ projectId, identifier });
    expect(await client.suppression.list.query({ projectId })).toEqual([]);
    const removal = await inlet.database.prisma.auditEntry.findFirstOrThrow({
      where: { action: "suppression.remove", targetId: projectId },
      select: { summary: true, details: true },
    });
    expect(removal.details).toEqual({ projectId, hashPrefix: entry?.hashPrefix });
    expect(JSON.stringify(removal)).not.toContain(identifier);
    // Within a second (the token cache's lifetime) the next event is stored again.
    await expect
      .poll(
        async () =>
          (await send("curlBackend", "/e", { name: "welcome_back", identifier })).headers.get(
            "x-inlet-dropped",
          ),
        { timeout: 1_000, interval: 100 },
      )
      .toBeNull();
    const user = await inlet.database.prisma.user.findFirst({ where: { projectId, identifier } });
    expect(user).not.toBeNull();
  });

  it("refuses an unknown user and keeps the audit log free of the identifier", async () => {
    const { projectId, identifier, userId } = await projectWithUser();
    await expect(
      client.user.delete.mutate({ projectId, identifier: `nobody-${unique()}` }),
    ).rejects.toThrow(/No such user/);
    const { deletionId } = await client.user.delete.mutate({ projectId, identifier });
    const entries = await inlet.database.prisma.auditEntry.findMany({
      where: { action: "user.delete", targetId: deletionId },
      select: { actorEmail: true, targetType: true, targetId: true, summary: true, details: true },
    });
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries)).not.toContain(identifier);
    expect(JSON.stringify(entries)).not.toContain(userId);
  });

  // PGlite is one process per directory; on Postgres a second process proves the cross-process part.
  it.runIf(testDatabaseKind() === "postgres")(
    "applies on another process within a second",
    async () => {
      const other = await startTestInlet({ databaseUrl: inlet.database.postgresUrl ?? undefined });
      try {
        const { projectId, identifier } = await projectWithUser();
        const token = (
          await inlet.database.prisma.projectToken.findFirstOrThrow({
            where: { projectId },
            select: { token: true },
          })
        ).token;
        const sendThere = sendersFor(other.url, token);
        // Warm the other process's caches, so a drop cannot come from a first lookup.
        const warm = await sendThere("curlBackend", "/e", { name: "warm", identifier });
        expect(warm.headers.get("x-inlet-dropped")).toBeNull();
        const deletedAt = Date.now();
        await client.user.delete.mutate({ projectId, identifier });
        for (;;) {
          const response = await sendThere("curlBackend", "/e", { name: "probe", identifier });
          expect(response.status).toBe(200);
          if (response.headers.get("x-inlet-dropped") === "user-deleted") break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(Date.now() - deletedAt).toBeLessThan(1_000);
      } finally {
        await other.close();
      }
    },
  );
});
