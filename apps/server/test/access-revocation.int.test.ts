// Removing an admin or changing a role takes effect within a second on every process (a second one on Postgres): on requests and on open live streams.
import { randomBytes } from "node:crypto";
import { createAdmin, type AdminRole } from "@inlet/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, signIn, type AdminClient } from "../../../test-support/admin-client.ts";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { spawnServer, type ServerProcess } from "../../../test-support/server-process.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

const crossProcess = testDatabaseKind() === "postgres";

describe("access changes reach existing sessions", () => {
  let managing: TestInlet;
  let watching: ServerProcess | undefined;
  let watchingUrl: string;
  let owner: AdminClient;

  /** An admin with `role`, signed in on the watching process. */
  async function member(role: AdminRole) {
    const email = `${role}-${randomBytes(4).toString("hex")}@example.com`;
    const password = "long enough password";
    const { id } = await createAdmin(managing.database.prisma, { email, password }, role);
    return { id, client: adminClient(watchingUrl, await signIn(watchingUrl, email, password)) };
  }

  beforeAll(async () => {
    managing = await startTestInlet();
    watching = crossProcess
      ? await spawnServer({ DATABASE_URL: managing.database.postgresUrl ?? "" })
      : undefined;
    watchingUrl = watching?.url ?? managing.url;
    const email = `owner-${randomBytes(4).toString("hex")}@example.com`;
    await createAdmin(managing.database.prisma, { email, password: "long enough password" });
    owner = adminClient(managing.url, await signIn(managing.url, email, "long enough password"));
  });
  afterAll(async () => {
    watching?.child.kill("SIGTERM");
    await watching?.exited;
    await managing.close();
  });

  it("ends a removed admin's live stream and refuses their next request", async () => {
    const project = await createTestProject(managing.database);
    const viewer = await member("viewer");
    let started!: () => void;
    const ready = new Promise<void>((resolve) => (started = resolve));
    const ended = new Promise<{ code: string | undefined; at: number }>((resolve) => {
      viewer.client.live.events.subscribe(
        { projectId: project.projectId },
        {
          onStarted: () => started(),
          onError: (error) => resolve({ code: error.data?.code, at: Date.now() }),
        },
      );
    });
    await ready;
    await expect(viewer.client.project.list.query()).resolves.toBeDefined();

    await owner.team.remove.mutate({ adminId: viewer.id });
    // The removal is committed once the call returns: the clock starts there.
    const removedAt = Date.now();
    await expect(viewer.client.project.list.query()).rejects.toMatchObject({
      data: { code: "UNAUTHORIZED" },
    });
    const end = await ended;
    expect(end.code).toBe("UNAUTHORIZED");
    expect(end.at - removedAt).toBeLessThan(1_000);
  });

  it("applies a demotion to the next request on the other process", async () => {
    const project = await createTestProject(managing.database);
    const admin = await member("admin");
    await expect(
      admin.client.token.create.mutate({ projectId: project.projectId, label: "before" }),
    ).resolves.toMatchObject({ label: "before" });
    await owner.team.changeRole.mutate({ adminId: admin.id, role: "viewer" });
    await expect(
      admin.client.token.create.mutate({ projectId: project.projectId, label: "after" }),
    ).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    await expect(
      admin.client.token.list.query({ projectId: project.projectId }),
    ).resolves.toHaveLength(2);
  });
});
