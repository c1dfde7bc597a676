import type { FastifyPluginAsync } from "fastify";
import { ingestPaths, ingestSchemas } from "../openapi/ingest-paths.ts";
import { readApiPaths, readApiSchemas, readApiSecuritySchemes } from "../openapi/read-api-paths.ts";

/** The OpenAPI document, assembled once from the path modules of each public surface. */
export function openApiDocument() {
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
