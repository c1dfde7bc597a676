// HTTPS and HTTP on one port with the local CA made at first start, and the Get started Node snippet run as pasted.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeRunCommand, nodeSnippet } from "@inlet/contracts";
import { adminClient, signIn, type AdminClient } from "../../../test-support/admin-client.ts";
import { subscribeLive } from "../../../test-support/live-subscription.ts";
import { spawnServer, type ServerProcess } from "../../../test-support/server-process.ts";
import { createAdmin } from "@inlet/api";
import { testDatabaseSettings, withDatabase } from "../../../test-support/test-inlet.ts";

const run = promisify(execFile);
const repoRoot = new URL("../../../", import.meta.url).pathname;

/** One request with a fresh connection, so every request makes its own handshake. */
function get(url: string, ca?: string): Promise<{ status: number | undefined; body: string }> {
  const client = url.startsWith("https:") ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { agent: false, ...(ca && { ca }) }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode, body }));
    });
    request.on("error", reject);
  });
}

describe("local HTTPS on the HTTP port", () => {
  const settings = testDatabaseSettings();
  const dataDir = settings.databaseUrl
    ? mkdtempSync(join(tmpdir(), "inlet-tls-"))
    : settings.dataDir;
  let server: ServerProcess;
  let httpsUrl: string;
  let caFile: string;
  let client: AdminClient;

  beforeAll(async () => {
    server = await spawnServer({
      INLET_DATA_DIR: dataDir,
      INLET_LOCAL_TLS: "",
      ...(settings.databaseUrl && { DATABASE_URL: settings.databaseUrl }),
    });
    httpsUrl = server.url.replace(/^http:/, "https:");
    caFile = join(dataDir, "tls", "ca.pem");
    const credentials = { email: "tls-admin@example.com", password: "long enough password" };
    if (settings.databaseUrl) {
      // The run's shared database may have admins already: add one directly.
      await withDatabase({ databaseUrl: settings.databaseUrl, dataDir: "unused" }, (database) =>
        createAdmin(database.prisma, credentials),
      );
    } else {
      const bootstrap = await fetch(`${server.url}/trpc/auth.bootstrap`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(credentials),
      });
      expect(bootstrap.status).toBe(200);
    }
    client = adminClient(
      server.url,
      await signIn(server.url, credentials.email, credentials.password),
    );
  });
  afterAll(async () => {
    server.child.kill("SIGTERM");
    await server.exited;
    settings.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints the CA's path and the next step at start", () => {
    expect(existsSync(caFile)).toBe(true);
    const banner = server.output();
    expect(banner).toContain(`Inlet is running at ${server.url}`);
    // A fresh embedded database has no admin yet; the run's shared Postgres may have some.
    if (!settings.databaseUrl)
      expect(banner).toContain(`Open ${server.url} in a browser to create the first admin.`);
    expect(banner).toContain(caFile);
  });

  it("answers HTTPS trusted through the local CA, and plain HTTP, on the same port", async () => {
    const ca = readFileSync(caFile, "utf8");
    expect(await get(`${httpsUrl}/health`, ca)).toMatchObject({ status: 200 });
    expect(await get(`${server.url}/health`)).toMatchObject({ status: 200 });
    // The name on the certificate is checked, and localhost is one of them.
    const port = new URL(server.url).port;
    expect(await get(`https://localhost:${port}/health`, ca)).toMatchObject({ status: 200 });
    // Without the CA, verification fails: the certificate is not trusted by default.
    await expect(get(`${httpsUrl}/health`)).rejects.toMatchObject({
      code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    });
  });

  it("keeps plain HTTP working for bodies that arrive after the first packet, over kept-alive connections", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let attempt = 0; attempt < 3; attempt++) {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const request = http.request(
          `${server.url}/e`,
          { method: "POST", agent, headers: { "content-type": "application/json" } },
          (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode));
          },
        );
        request.on("error", reject);
        request.flushHeaders();
        setTimeout(() => request.end(JSON.stringify({ name: "late body" })), 50);
      });
      // No token: the request was read whole and answered, not left hanging.
      expect(status).toBe(401);
    }
    agent.destroy();
  });

  it("delivers the Get started Node snippet, pasted as shown, to Live", async () => {
    const connection = await client.instance.connection.query();
    expect(connection.localCaFile).toBe(caFile);
    const { project, token } = await client.project.create.mutate({ name: "Node app" });

    const live = subscribeLive(client, { projectId: project.id });
    await live.ready;

    // Saved where a project's own node_modules would be: @vemetric/node resolves from there.
    const cache = join(repoRoot, "node_modules", ".cache");
    mkdirSync(cache, { recursive: true });
    const appDir = mkdtempSync(join(cache, "node-snippet-"));
    try {
      writeFileSync(join(appDir, "send.mjs"), nodeSnippet(httpsUrl, token));
      // Only what the command itself sets may make Node trust the CA.
      const environment = { ...process.env };
      delete environment.NODE_EXTRA_CA_CERTS;
      const result = await run("sh", ["-c", nodeRunCommand(connection.localCaFile)], {
        cwd: appDir,
        env: environment,
      });
      // The SDK reports failures only through console.error.
      expect(result.stderr).toBe("");
    } finally {
      rmSync(appDir, { recursive: true, force: true });
    }
    await expect
      .poll(() => live.items(), { timeout: 5_000 })
      .toContainEqual(expect.objectContaining({ kind: "accepted", name: "signup" }));
    live.stop();
  });
});

describe("INLET_LOCAL_TLS=false", () => {
  it("serves plain HTTP only and makes no certificates", async () => {
    const settings = testDatabaseSettings();
    const dataDir = settings.databaseUrl
      ? mkdtempSync(join(tmpdir(), "inlet-tls-"))
      : settings.dataDir;
    const server = await spawnServer({
      INLET_DATA_DIR: dataDir,
      INLET_LOCAL_TLS: "false",
      ...(settings.databaseUrl && { DATABASE_URL: settings.databaseUrl }),
    });
    try {
      expect(await get(`${server.url}/health`)).toMatchObject({ status: 200 });
      await expect(get(server.url.replace(/^http:/, "https:"))).rejects.toThrow();
      expect(existsSync(join(dataDir, "tls"))).toBe(false);
      expect(server.output()).not.toContain("ca.pem");
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
      settings.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
