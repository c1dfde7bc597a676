import type { FastifyPluginAsync } from "fastify";
import { readApiPaths, readApiSchemas, readApiSecuritySchemes } from "../openapi/read-api-paths.ts";

/** The OpenAPI document, assembled once from the path modules of each surface. */
export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: { title: "Inlet", version: "1" },
    paths: { ...readApiPaths },
    components: { schemas: { ...readApiSchemas }, securitySchemes: { ...readApiSecuritySchemes } },
  };
}

export const openApiRoutes: FastifyPluginAsync = async (app) => {
  const document = JSON.stringify(openApiDocument());
  app.get("/openapi.json", async (_request, reply) =>
    reply.type("application/json; charset=utf-8").send(document),
  );
};
