import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync } from "fastify";

// Paths owned by the API: an unknown one there is a real 404, never the SPA.
const API_PREFIXES = ["/trpc", "/e", "/i", "/u", "/l", "/r", "/health", "/ready"];

function isApiPath(url: string): boolean {
  const path = url.split("?")[0] ?? "";
  return API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
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

  await app.register(fastifyStatic, { root: dashboardDir, wildcard: false, index: "index.html" });

  app.setNotFoundHandler(async (request, reply) => {
    const wantsPage = request.method === "GET" && !isApiPath(request.url);
    if (!wantsPage) return reply.code(404).send({ error: "Not Found" });
    return reply.type("text/html").sendFile("index.html", { cacheControl: false });
  });
};
