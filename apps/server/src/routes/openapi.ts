import type { FastifyPluginAsync } from "fastify";
import { ingestPaths, ingestSchemas } from "../openapi/ingest-paths.ts";
import { readApiPaths, readApiSchemas, readApiSecuritySchemes } from "../openapi/read-api-paths.ts";

/**
 * The OpenAPI document, assembled once from the path modules of each public surface. The
 * surfaces share one schema namespace, so a name both use is refused rather than letting
 * one silently replace the other.
 */
export function openApiDocument() {
  const shared = Object.keys(ingestSchemas).filter((name) => Object.hasOwn(readApiSchemas, name));
  if (shared.length > 0) throw new Error(`OpenAPI schema names used twice: ${shared.join(", ")}`);
  return {
    openapi: "3.1.0",
    info: { title: "Inlet", version: "1" },
    paths: { ...ingestPaths, ...readApiPaths },
    components: {
      schemas: { ...ingestSchemas, ...readApiSchemas },
      securitySchemes: { ...readApiSecuritySchemes },
    },
  };
}

/** `GET /openapi.json`: the document, built once at startup. */
export const openApiRoutes: FastifyPluginAsync = async (app) => {
  const document = JSON.stringify(openApiDocument());
  app.get("/openapi.json", async (_request, reply) =>
    reply.type("application/json; charset=utf-8").send(document),
  );
};
