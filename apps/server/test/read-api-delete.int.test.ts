// DELETE /api/v1/users/{identifier} and its status route over HTTP: 202 with Location, progress until done, the delete scope, 404s, one project per key, and later events acknowledged but not stored.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiDelete, apiErrorOf, apiGet, createTestKey } from "../../../test-support/api-keys.ts";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { sendersFor } from "../../../test-support/identity-senders.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

interface Accepted {
  deletionId: string;
  status: string;
  statusUrl: string;
}

interface DeletionStatus {
  deletionId: string;
  status: "in_progress" | "done";
  phase: string;
  eventsTotal: number;
  eventsDeleted: number;
  finishedAt: string | null;
}

const unique = () => randomBytes(5).toString("hex");

describe("deleting users over the API", () => {
  let inlet: TestInlet;
  let projectId: string;
  let send: ReturnType<typeof sendersFor>;
  let deleteKey: { key: string; prefix: string };
  let readKey: string;

  beforeAll(async () => {
    inlet = await startTestInlet({ api: { rateLimitPerSecond: 1_000, rateLimitBurst: 1_000 } });
    const project = await createTestProject(inlet.database);
    projectId = project.projectId;
    send = sendersFor(inlet.url, project.token);
    deleteKey = await createTestKey(inlet.database, projectId, "read,delete");
    readKey = (await createTestKey(inlet.database, projectId)).key;
  });
  afterAll(() => inlet.close());

  async function userWithEvents(events: number) {
    const identifier = `dora-${unique()}@example.com`;
    for (let i = 0; i < events; i++)
      expect((await send("curlBackend", "/e", { name: "visit", identifier })).status).toBe(200);
    return identifier;
  }

  it("answers 202 with a status URL, followed until every event is gone", async () => {
    const identifier = await userWithEvents(3);
    const { id: userId } = await inlet.database.prisma.user.findFirstOrThrow({
      where: { projectId, identifier },
      select: { id: true },
    });
    const path = `/users/${encodeURIComponent(identifier)}`;
    const response = await apiDelete(inlet.url, path, deleteKey.key);
    expect(response.status).toBe(202);
    const body = (await response.json()) as Accepted;
    expect(body.status).toBe("in_progress");
    expect(body.statusUrl).toBe(`/api/v1/deletions/${body.deletionId}`);
    expect(response.headers.get("location")).toBe(body.statusUrl);

    // The user is gone at once; a second request finds no one to delete.
    expect((await apiGet(inlet.url, path, readKey)).status).toBe(404);
    expect((await apiDelete(inlet.url, path, deleteKey.key)).status).toBe(404);

    const follow = async () => {
      const status = await fetch(`${inlet.url}${body.statusUrl}`, {
        headers: { authorization: `Bearer ${readKey}` },
      });
      expect(status.status).toBe(200);
      return (await status.json()) as DeletionStatus;
    };
    expect((await follow()).eventsTotal).toBe(3);
    // The worker waits a few seconds for writes that raced the suppression before it ends.
    await expect.poll(async () => (await follow()).status, { timeout: 20_000 }).toBe("done");
    const done = await follow();
    expect(done).toMatchObject({ phase: "done", eventsTotal: 3, eventsDeleted: 3 });
    expect(done.finishedAt).not.toBeNull();
    const { prisma } = inlet.database;
    expect(await prisma.event.count({ where: { userId } })).toBe(0);
    expect(await prisma.user.count({ where: { id: userId } })).toBe(0);

    // Later events for the identifier are acknowledged and not stored.
    const later = await send("curlBackend", "/e", { name: "came_back", identifier });
    expect(later.status).toBe(200);
    expect(later.headers.get("x-inlet-dropped")).toBe("user-deleted");
    expect(await prisma.event.count({ where: { projectId, name: "came_back" } })).toBe(0);
    expect(await prisma.user.count({ where: { projectId, identifier } })).toBe(0);
  });

  it("finds users by identifiers as long as ingestion accepts, encoded in the path", async () => {
    const identifier = `ü-${unique()}-`.padEnd(255, "ß");
    expect((await send("curlBackend", "/e", { name: "visit", identifier })).status).toBe(200);
    const path = `/users/${encodeURIComponent(identifier)}`;
    expect((await apiGet(inlet.url, path, readKey)).status).toBe(200);
    expect((await apiDelete(inlet.url, path, deleteKey.key)).status).toBe(202);
  });

  it("names the key by its prefix in the audit log, never the key or the identifier", async () => {
    const identifier = await userWithEvents(1);
    const response = await apiDelete(inlet.url, `/users/${identifier}`, deleteKey.key);
    const { deletionId } = (await response.json()) as Accepted;
    const entries = await inlet.database.prisma.auditEntry.findMany({
      where: { action: "user.delete", targetId: deletionId },
      select: { actorId: true, actorEmail: true, summary: true, details: true },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.actorEmail).toBe(`api key ${deleteKey.prefix}`);
    expect(entries[0]?.actorId).toBeNull();
    const text = JSON.stringify(entries);
    expect(text).not.toContain(deleteKey.key);
    expect(text).not.toContain(identifier);
  });

  it("refuses a read-only key with 403 and keeps the user", async () => {
    const identifier = await userWithEvents(1);
    const response = await apiDelete(inlet.url, `/users/${identifier}`, readKey);
    expect(response.status).toBe(403);
    expect((await apiErrorOf(response)).reason).toContain("delete scope");
    expect((await apiGet(inlet.url, `/users/${identifier}`, readKey)).status).toBe(200);
  });

  it("answers 404 with a reason for an unknown user", async () => {
    const response = await apiDelete(inlet.url, `/users/nobody-${unique()}`, deleteKey.key);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect((await apiErrorOf(response)).reason).toBe(
      "no user with this identifier in the key's project",
    );
  });

  it("shows a deletion only to keys of its own project", async () => {
    const identifier = await userWithEvents(1);
    const response = await apiDelete(inlet.url, `/users/${identifier}`, deleteKey.key);
    const { deletionId } = (await response.json()) as Accepted;
    const other = await createTestProject(inlet.database);
    const otherKey = (await createTestKey(inlet.database, other.projectId, "read,delete")).key;
    for (const id of [deletionId, "not-a-uuid", "00000000-0000-0000-0000-000000000000"]) {
      const refused = await apiGet(
        inlet.url,
        `/deletions/${id}`,
        id === deletionId ? otherKey : readKey,
      );
      expect(refused.status, id).toBe(404);
      expect((await apiErrorOf(refused)).reason).toBe(
        "no deletion with this id in the key's project",
      );
    }
    // Nor can the other project's key delete this project's users.
    const survivor = await userWithEvents(1);
    expect((await apiDelete(inlet.url, `/users/${survivor}`, otherKey)).status).toBe(404);
    expect((await apiGet(inlet.url, `/users/${survivor}`, readKey)).status).toBe(200);
  });
});
