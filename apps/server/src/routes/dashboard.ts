import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync } from "fastify";

// The dashboard loads only its own scripts and styles and talks only to this server;
// avatars may come from anywhere over HTTPS. Event data is rendered as text, and this
// policy is the second line of defence if that ever fails.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
};

// Paths owned by the API: an unknown one there is a real 404, never the SPA.
const API_PREFIXES = [
  "/api",
  "/export",
  "/trpc",
  "/e",
  "/i",
  "/u",
  "/l",
  "/r",
  "/health",
  "/ready",
];
// The dashboard's routes never end in a file extension; a missing script or stylesheet
// must fail loudly rather than load the dashboard's HTML in its place.
const FILE_LIKE = /\.[A-Za-z0-9]{1,10}$/;

/** Whether an unmatched GET should get the dashboard (a client-side route), not a 404. */
export function isPagePath(url: string): boolean {
  const path = url.split("?")[0] ?? "";
  if (FILE_LIKE.test(path)) return false;
  return !API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** Serves the built dashboard at `/`, with index.html for client-side routes. */
export const dashboardRoutes: FastifyPluginAsync<{ dashboardDir: string }> = async (
  app,
  { dashboardDir },
) => {
  const indexFile = join(dashboardDir, "index.html");
  if (!existsSync(indexFile)) {
    app.log.warn(
      { dashboardDir },
      "dashboard is not built; run `pnpm --filter @inlet/dashboard build`",
    );
    app.get("/", async (_request, reply) =>
      reply.type("text/plain").send("Inlet is running. The dashboard is not built yet."),
    );
    return;
  }

  // Hooks here apply to this plugin's routes only: the dashboard's files and fallback.
  app.addHook("onSend", async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  await app.register(fastifyStatic, {
    root: dashboardDir,
    wildcard: false,
    index: "index.html",
  });

  app.setNotFoundHandler(async (request, reply) => {
    const wantsPage = request.method === "GET" && isPagePath(request.url);
    if (!wantsPage) return reply.code(404).send({ error: "Not Found" });
    return reply.type("text/html").sendFile("index.html", { cacheControl: false });
  });
};
