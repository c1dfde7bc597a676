// The server's own surface: health, readiness (including a lost database), the dashboard and SPA fallback.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
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

  it("keeps real 404s for API paths and for files that do not exist", async () => {
    const response = await fetch(`${inlet.url}/trpc/nothing.here`);
    expect(response.status).toBe(404);
    // A missing script or stylesheet must not load the dashboard's HTML in its place.
    for (const path of ["/main.js", "/x.css", "/assets/gone.js", "/projects/abc/logo.png"]) {
      const missing = await fetch(`${inlet.url}${path}`);
      expect(missing.status, path).toBe(404);
      expect(await missing.text(), path).not.toContain("<title>");
    }
  });

  it("serves the installed @vemetric/web browser bundle at /sdk.js, cached by its version", async () => {
    const require = createRequire(import.meta.url);
    const { version } = require("@vemetric/web/package.json") as { version: string };
    const bundle = readFileSync(require.resolve("@vemetric/web/dist/main.js"), "utf8");

    const pinned = await fetch(`${inlet.url}/sdk.js?v=${version}`);
    expect(pinned.status).toBe(200);
    expect(pinned.headers.get("content-type")).toContain("text/javascript");
    expect(pinned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(pinned.headers.get("access-control-allow-origin")).toBe("*");
    expect(await pinned.text()).toBe(bundle);

    // Unpinned (or an old version's URL): cached briefly, so an upgrade reaches pages soon.
    const bare = await fetch(`${inlet.url}/sdk.js`);
    expect(bare.headers.get("cache-control")).toBe("public, max-age=3600");
    const etag = bare.headers.get("etag") ?? "";
    expect(etag).toContain(version);
    const revalidated = await fetch(`${inlet.url}/sdk.js`, { headers: { "if-none-match": etag } });
    expect(revalidated.status).toBe(304);
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
