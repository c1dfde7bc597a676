// The admin CLI as an operator runs it: each command, its output, and its errors for bad arguments.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// PGlite allows one process per directory, so the test opens it only between CLI runs.
import { testDatabaseSettings, withDatabase } from "../../../test-support/test-inlet.ts";

const execFileAsync = promisify(execFile);
const cliEntry = new URL("../src/cli/main.ts", import.meta.url).pathname;
const settings = testDatabaseSettings();
const cliEnv = {
  ...process.env,
  LOG_LEVEL: "silent",
  ...(settings.databaseUrl
    ? { DATABASE_URL: settings.databaseUrl }
    : { INLET_DATA_DIR: settings.dataDir }),
};

async function inlet(...args: (string | Record<string, string>)[]) {
  const env = { ...cliEnv, ...args.find((arg) => typeof arg === "object") };
  const argv = args.filter((arg) => typeof arg === "string");
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      ["--import", "tsx", cliEntry, ...argv],
      { env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("pnpm inlet", () => {
  afterAll(() => settings.cleanup());
  let projectName: string;
  beforeAll(() => {
    projectName = `CLI project ${Date.now()}`;
  });

  it("create-project prints only the new project's first token", async () => {
    const result = await inlet("create-project", projectName);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^proj_[A-Za-z0-9]{32}\n$/);
    const token = result.stdout.trim();
    const stored = await withDatabase(settings, (db) =>
      db.prisma.projectToken.findUnique({
        where: { token },
        select: { project: { select: { name: true } } },
      }),
    );
    expect(stored?.project.name).toBe(projectName);
  });

  it("create-token adds a working token to a project named or identified", async () => {
    const byName = await inlet("create-token", projectName);
    expect(byName.code).toBe(0);
    const projectId = await withDatabase(settings, async (db) => {
      const row = await db.prisma.projectToken.findUniqueOrThrow({
        where: { token: byName.stdout.trim() },
        select: { projectId: true, revokedAt: true },
      });
      expect(row.revokedAt).toBeNull();
      return row.projectId;
    });
    const byId = await inlet("create-token", projectId);
    expect(byId.stdout).toMatch(/^proj_/);
  });

  it("revoke-token revokes, and says so again without failing", async () => {
    const token = (await inlet("create-project", `${projectName} revoke`)).stdout.trim();
    const first = await inlet("revoke-token", token);
    expect(first).toMatchObject({ code: 0, stdout: "revoked\n" });
    const again = await inlet("revoke-token", token);
    expect(again).toMatchObject({ code: 0, stdout: "already revoked\n" });
    const revokedAt = await withDatabase(
      settings,
      async (db) =>
        (
          await db.prisma.projectToken.findUniqueOrThrow({
            where: { token },
            select: { revokedAt: true },
          })
        ).revokedAt,
    );
    expect(revokedAt).toBeInstanceOf(Date);
  });

  it("create-admin stores a hashed password, never the password itself", async () => {
    const email = `ops-${Date.now()}@example.com`;
    const result = await inlet(
      "create-admin",
      "--email",
      email,
      "--password",
      "correct horse battery",
    );
    expect(result).toMatchObject({ code: 0, stdout: `created admin ${email} (owner)\n` });
    const admin = await withDatabase(settings, (db) =>
      db.prisma.admin.findUniqueOrThrow({ where: { email }, select: { passwordHash: true } }),
    );
    expect(admin.passwordHash).toMatch(/^scrypt\$/);
    expect(admin.passwordHash).not.toContain("correct horse");
    const duplicate = await inlet(
      "create-admin",
      "--email",
      email,
      "--password",
      "another password",
    );
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain("already exists");
  });

  it("create-admin --role, invite and reset-password grant roles and print one-time links", async () => {
    const email = `viewer-${Date.now()}@example.com`;
    const created = await inlet(
      "create-admin",
      ...["--email", email, "--password", "correct horse battery", "--role", "viewer"],
    );
    expect(created).toMatchObject({ code: 0, stdout: `created admin ${email} (viewer)\n` });

    const invited = `invited-${Date.now()}@example.com`;
    const invite = await inlet("invite", "--email", invited, "--role", "admin");
    expect(invite.code).toBe(0);
    expect(invite.stdout).toMatch(/^\/invite#[A-Za-z0-9_-]{43}\n$/);
    expect(invite.stderr).toContain("PUBLIC_URL is not set");
    const reset = await inlet("reset-password", "--email", email, {
      PUBLIC_URL: "https://inlet.example.com/",
    });
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(
      /^https:\/\/inlet\.example\.com\/reset-password#[A-Za-z0-9_-]{43}\n$/,
    );

    const stored = await withDatabase(settings, async (db) => ({
      admin: await db.prisma.admin.findUniqueOrThrow({ where: { email }, select: { role: true } }),
      invitation: await db.prisma.accessLink.findFirstOrThrow({
        where: { email: invited, kind: "invitation" },
        select: { role: true, tokenHash: true },
      }),
      audit: await db.prisma.auditEntry.findMany({
        where: {
          actorEmail: "cli",
          action: { in: ["invitation.create", "admin.password_reset_link"] },
        },
        select: { action: true, details: true },
      }),
    }));
    expect(stored.admin.role).toBe("viewer");
    expect(stored.invitation.role).toBe("admin");
    expect(invite.stdout).not.toContain(stored.invitation.tokenHash);
    expect(stored.audit.map((entry) => entry.action).sort()).toEqual([
      "admin.password_reset_link",
      "invitation.create",
    ]);
    expect(JSON.stringify(stored.audit)).not.toContain(invite.stdout.trim().split("#")[1]);
    // Three CLI runs, each starting Node and opening the database.
  }, 90_000);

  it.each([
    [[], /Usage:/],
    [["invite", "--email", "z@example.com"], /--email and --role are required/],
    [
      ["invite", "--email", "z@example.com", "--role", "root"],
      /--role must be one of owner, admin, viewer/,
    ],
    [["reset-password", "--email", "nobody@example.com"], /No admin has the email/],
    [["launch-rockets"], /Unknown command "launch-rockets"/],
    [["create-project"], /expected exactly one project name/],
    [["create-project", "a", "b"], /expected exactly one project name/],
    [["create-admin", "--email", "x@example.com"], /--email and --password are required/],
    [["create-admin", "--email", "not-an-email", "--password", "long enough pw"], /email/i],
    [
      ["create-admin", "--email", "y@example.com", "--password", "short"],
      /password: at least 10 characters/i,
    ],
    [["create-admin", "--bogus"], /Unknown option '--bogus'/],
    [["create-token", "no such project"], /no project has that id or name/],
    [["revoke-token", "proj_doesnotexist"], /No such token/],
  ])("exits 1 with a clear message for %j", async (args, message) => {
    const result = await inlet(...args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
  });

  it("create-api-key prints a key once, stores its hash, and revoke-api-key takes id or prefix", async () => {
    const keyProject = `${projectName} keys`;
    expect((await inlet("create-project", keyProject)).code).toBe(0);
    const created = await inlet("create-api-key", keyProject, "--scope", "read,delete");
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^sk_[A-Za-z0-9]{32}\n$/);
    expect(created.stderr).toContain("not shown again");
    const key = created.stdout.trim();
    const row = await withDatabase(settings, (db) =>
      db.prisma.apiKey.findFirstOrThrow({
        where: { prefix: key.slice(0, 11) },
        select: { id: true, scopes: true, keyHash: true },
      }),
    );
    expect(row.scopes).toEqual(["read", "delete"]);
    expect(row.keyHash).not.toContain(key.slice(3));

    expect(await inlet("create-api-key", keyProject, "--scope", "delete")).toMatchObject({
      code: 1,
    });
    const byPrefix = await inlet("revoke-api-key", key.slice(0, 11));
    expect(byPrefix).toMatchObject({ code: 0 });
    expect(byPrefix.stdout).toContain(`revoked ${key.slice(0, 11)}`);
    expect(await inlet("revoke-api-key", row.id)).toMatchObject({
      code: 0,
      stdout: "already revoked\n",
    });
    const unknown = await inlet("revoke-api-key", "sk_nothing1");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No API key");
    const audited = await withDatabase(settings, (db) =>
      db.prisma.auditEntry.findMany({
        where: { targetId: row.id },
        orderBy: { id: "asc" },
        select: { action: true, actorEmail: true },
      }),
    );
    expect(audited).toEqual([
      { action: "api_key.create", actorEmail: "cli" },
      { action: "api_key.revoke", actorEmail: "cli" },
    ]);
  }, 90_000);
});
