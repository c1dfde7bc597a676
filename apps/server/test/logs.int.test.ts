// Logs at their most verbose never contain project tokens, secret API keys, passwords, session cookies or one-time link secrets; background database errors are logged.
import { randomBytes } from "node:crypto";
import { createAdmin, createApiKey, issueInvitation } from "@inlet/api";
import { openDatabase } from "@inlet/db";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { spawnServer } from "../../../test-support/server-process.ts";
import { testDatabaseSettings } from "../../../test-support/test-inlet.ts";

describe("logs", () => {
  it("carry requests and errors but no secrets", async () => {
    const settings = testDatabaseSettings();
    const password = `secret-${randomBytes(8).toString("hex")}`;
    const email = `logs-${randomBytes(4).toString("hex")}@example.com`;
    const database = await openDatabase(settings);
    const project = await createTestProject(database);
    await createAdmin(database.prisma, { email, password });
    const invitation = await issueInvitation(database.prisma, {
      email: `invited-${email}`,
      role: "viewer",
      createdBy: null,
      now: new Date(),
    });
    const linkSecret = invitation.path.split("#")[1] ?? "";
    const { key } = await createApiKey(database.prisma, {
      projectId: project.projectId,
      grant: "read",
      now: new Date(),
    });
    await database.close();

    const env: Record<string, string> = settings.databaseUrl
      ? { DATABASE_URL: settings.databaseUrl }
      : { INLET_DATA_DIR: settings.dataDir };
    const server = await spawnServer({ ...env, LOG_LEVEL: "trace", LOG_REQUESTS: "true" });
    try {
      await postJson(server.url, "/e", { projectToken: project.token, name: "a" });
      await postJson(server.url, "/e", { name: "b" }, { token: project.token });
      await postJson(server.url, "/e", "{not json", { token: project.token });
      const read = await fetch(`${server.url}/api/v1/events?name=a`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(read.status).toBe(200);
      await fetch(`${server.url}/api/v1/nothing`, { headers: { authorization: `Bearer ${key}` } });
      await postJson(server.url, "/e", { projectToken: key, name: "by mistake" });
      const login = await postJson(server.url, "/trpc/auth.login", { email, password });
      const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
      expect(cookie).toMatch(/^inlet_session=/);
      await fetch(`${server.url}/trpc/project.list`, { headers: { cookie } });
      await postJson(server.url, "/trpc/auth.login", { email, password: `${password}-wrong` });
      const input = encodeURIComponent(JSON.stringify({ token: linkSecret }));
      expect((await fetch(`${server.url}/trpc/link.inspect?input=${input}`)).status).toBe(200);
      const accepted = await postJson(server.url, "/trpc/link.acceptInvitation", {
        token: linkSecret,
        password: `${password}-invited`,
      });
      expect(accepted.status).toBe(200);
      const invitedCookie = accepted.headers.get("set-cookie")?.split(";")[0] ?? "";

      server.child.kill("SIGTERM");
      await server.exited;
      const output = server.output();
      // Request lines were written (so the absence below means something).
      expect(output).toContain('"path":"/e"');
      expect(output).toContain('"path":"/trpc/auth.login"');
      expect(output).not.toContain(project.token);
      expect(output).toContain('"path":"/api/v1/events"');
      expect(output).not.toContain(key);
      expect(output).not.toContain(key.slice(11));
      expect(output).not.toContain(password);
      expect(output).not.toContain(cookie.split("=")[1]);
      expect(output).toContain('"path":"/trpc/link.acceptInvitation"');
      expect(output).not.toContain(linkSecret);
      expect(output).not.toContain(invitedCookie.split("=")[1]);
    } finally {
      server.child.kill("SIGKILL");
      settings.cleanup();
    }
  });

  it.skipIf(!testDatabaseSettings().databaseUrl)(
    "record a lost live-stream listener, which then reconnects",
    async () => {
      const settings = testDatabaseSettings();
      const server = await spawnServer({ DATABASE_URL: settings.databaseUrl ?? "" });
      const admin = new pg.Client({ connectionString: settings.databaseUrl });
      await admin.connect();
      try {
        const listeners = `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'inlet-live-listener'`;
        await expect.poll(async () => (await admin.query(listeners)).rowCount).toBe(1);
        await admin.query(`SELECT pg_terminate_backend(pid) FROM (${listeners}) AS l`);
        await expect
          .poll(() => server.output(), { timeout: 10_000 })
          .toContain("database background error");
        // The listener is back, so the error was worth a log line and not a crash.
        await expect
          .poll(async () => (await admin.query(listeners)).rowCount, {
            timeout: 10_000,
          })
          .toBe(1);
      } finally {
        await admin.end();
        server.child.kill("SIGKILL");
      }
    },
  );
});
