// The server's own surface: health, readiness (including a lost database), the dashboard and SPA fallback.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTcpProxy } from "../../../test-support/tcp-proxy.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { inject } from "vitest";
import "../../../test-support/vitest-context.ts";

describe("health, readiness and the dashboard", () => {
  let inlet: TestInlet;
  const dashboardDir = mkdtempSync(join(tmpdir(), "inlet-dashboard-"));

  beforeAll(async () => {
    mkdirSync(join(dashboardDir, "assets"));
    writeFileSync(join(dashboardDir, "index.html"), "<!doctype html><title>Inlet test</title>");
    writeFileSync(join(dashboardDir, "assets", "app.js"), "console.log('hi')");
    inlet = await startTestInlet({ dashboardDir });
  });
  afterAll(async () => {
    await inlet.close();
    rmSync(dashboardDir, { recursive: true, force: true });
  });

  it("answers /health and /ready", async () => {
    const health = await fetch(`${inlet.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${inlet.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", database: testDatabaseKind() });
  });

  it("serves the dashboard, its assets, and index.html for client-side routes", async () => {
    const index = await fetch(`${inlet.url}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain("<title>Inlet test</title>");
    const asset = await fetch(`${inlet.url}/assets/app.js`);
    expect(await asset.text()).toBe("console.log('hi')");
    const deepLink = await fetch(`${inlet.url}/projects/abc/live`, {
      headers: { accept: "text/html" },
    });
    expect(deepLink.status).toBe(200);
    expect(deepLink.headers.get("content-type")).toContain("text/html");
  });

  it("serves the dashboard with a Content-Security-Policy and the usual security headers", async () => {
    for (const path of ["/", "/projects/abc", "/assets/app.js"]) {
      const response = await fetch(`${inlet.url}${path}`);
      expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    }
  });

  it("keeps real 404s for API paths", async () => {
    const response = await fetch(`${inlet.url}/trpc/nothing.here`);
    expect(response.status).toBe(404);
  });
});

describe.runIf(testDatabaseKind() === "postgres")("readiness when the database goes away", () => {
  it("answers /ready 503 while Postgres is unreachable and 200 once it is back", async () => {
    const target = new URL(inject("postgresUrl") ?? "");
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(target);
    viaProxy.port = String(proxy.port);
    const inlet = await startTestInlet({ databaseUrl: viaProxy.toString() });
    try {
      expect((await fetch(`${inlet.url}/ready`)).status).toBe(200);
      proxy.cut();
      const down = await fetch(`${inlet.url}/ready`);
      expect(down.status).toBe(503);
      expect(down.headers.get("retry-after")).toBe("1");
      proxy.restore();
      await expect
        .poll(async () => (await fetch(`${inlet.url}/ready`)).status, { timeout: 5_000 })
        .toBe(200);
    } finally {
      await inlet.close();
      await proxy.close();
    }
  });
});
