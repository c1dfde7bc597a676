// The admin API over real HTTP with real cookies: first run, sign-in, a project whose token works, revocation.
import { createAdmin } from "@inlet/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, signIn } from "../../../test-support/admin-client.ts";
import { postJson } from "../../../test-support/fixtures.ts";
import {
  createFreshPostgresDatabase,
  testDatabaseKind,
  type FreshDatabase,
} from "../../../test-support/postgres.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

const admin = { email: "owner@example.com", password: "a long enough passphrase" };

describe("admin flow over HTTP", () => {
  let inlet: TestInlet;
  let fresh: FreshDatabase | undefined;

  beforeAll(async () => {
    // First-run bootstrap needs an install without admins: a database of its own.
    fresh =
      testDatabaseKind() === "postgres"
        ? await createFreshPostgresDatabase("admin_flow")
        : undefined;
    inlet = await startTestInlet(fresh ? { databaseUrl: fresh.url } : {});
  });
  afterAll(async () => {
    await inlet.close();
    await fresh?.drop();
  });

  it("bootstraps, signs in, creates a project whose token ingests, and revokes it", async () => {
    const session = await fetch(`${inlet.url}/trpc/auth.session`);
    expect(((await session.json()) as { result: { data: unknown } }).result.data).toEqual({
      admin: null,
      needsBootstrap: true,
    });

    const bootstrap = await postJson(inlet.url, "/trpc/auth.bootstrap", admin);
    expect(bootstrap.status).toBe(200);
    expect(bootstrap.headers.get("set-cookie")).toMatch(
      /^inlet_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/,
    );
    const second = await postJson(inlet.url, "/trpc/auth.bootstrap", {
      ...admin,
      email: "intruder@example.com",
    });
    expect(second.status).toBe(403);

    const cookie = await signIn(inlet.url, admin.email, admin.password);
    const client = adminClient(inlet.url, cookie);
    expect((await client.auth.session.query()).admin?.email).toBe(admin.email);

    const { project, token } = await client.project.create.mutate({ name: "Shop" });
    expect(token).toMatch(/^proj_[A-Za-z0-9]{24,}$/);
    expect((await postJson(inlet.url, "/e", { projectToken: token, name: "first" })).status).toBe(
      200,
    );
    const { events } = await client.event.list.query({ projectId: project.id });
    expect(events.map((event) => event.name)).toEqual(["first"]);

    const [tokenRow] = await client.token.list.query({ projectId: project.id });
    await client.token.revoke.mutate({ tokenId: tokenRow?.id ?? "" });
    await expect
      .poll(
        async () => (await postJson(inlet.url, "/e", { projectToken: token, name: "late" })).status,
        {
          timeout: 1_000,
          interval: 50,
        },
      )
      .toBe(401);

    await client.auth.logout.mutate();
    await expect(client.project.list.query()).rejects.toMatchObject({
      data: { code: "UNAUTHORIZED" },
    });
  });

  it("marks the session cookie Secure behind a trusted TLS-terminating proxy", async () => {
    const behindProxy = await startTestInlet({
      trustProxy: true,
      ...(fresh ? { databaseUrl: fresh.url } : {}),
    });
    try {
      if (testDatabaseKind() === "pglite") await createAdmin(behindProxy.database.prisma, admin);
      const login = (headers: Record<string, string>) =>
        postJson(behindProxy.url, "/trpc/auth.login", admin, headers);
      expect((await login({ "x-forwarded-proto": "https" })).headers.get("set-cookie")).toMatch(
        /; Secure$/,
      );
      expect((await login({})).headers.get("set-cookie")).not.toMatch(/Secure/);
    } finally {
      await behindProxy.close();
    }
  });

  it("refuses a cross-site mutation even with a valid session cookie", async () => {
    const cookie = await signIn(inlet.url, admin.email, admin.password);
    const response = await postJson(
      inlet.url,
      "/trpc/project.create",
      { name: "From elsewhere" },
      { cookie, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    );
    expect(response.status).toBe(403);
    const projects = await adminClient(inlet.url, cookie).project.list.query();
    expect(projects.map((project) => project.name)).not.toContain("From elsewhere");
  });
});
