import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { FastifyPluginAsync } from "fastify";

const require = createRequire(import.meta.url);

/** The browser bundle of the installed @vemetric/web, and its version. */
export function loadSdkScript(): { version: string; source: string } {
  const { version } = require("@vemetric/web/package.json") as { version: string };
  const source = readFileSync(require.resolve("@vemetric/web/dist/main.js"), "utf8");
  return { version, source };
}

/** Where pages load the browser SDK from; the version in the query makes the URL cacheable for good. */
export function sdkScriptPath(version: string): string {
  return `/sdk.js?v=${encodeURIComponent(version)}`;
}

const YEAR_SECONDS = 31_536_000;
const HOUR_SECONDS = 3_600;

/**
 * Serves the browser SDK so sites load it from Inlet itself, not a third-party CDN. A URL
 * naming the installed version never changes; the bare URL is revalidated hourly so an
 * upgrade reaches pages that use it.
 */
export const sdkScriptRoutes: FastifyPluginAsync<{ version: string; source: string }> = async (
  app,
  { version, source },
) => {
  const etag = `"vemetric-web-${version}"`;
  app.get("/sdk.js", async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const pinned = query.v === version;
    reply
      .type("text/javascript; charset=utf-8")
      .header(
        "cache-control",
        pinned ? `public, max-age=${YEAR_SECONDS}, immutable` : `public, max-age=${HOUR_SECONDS}`,
      )
      .header("etag", etag)
      // Any site may load it, as it would from a CDN.
      .header("access-control-allow-origin", "*")
      .header("cross-origin-resource-policy", "cross-origin");
    if (request.headers["if-none-match"] === etag) return reply.code(304).send();
    return reply.send(source);
  });
};
