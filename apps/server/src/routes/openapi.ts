import type { FastifyPluginAsync } from "fastify";
import { ingestPaths, ingestSchemas } from "../openapi/ingest-paths.ts";

/** Each public API area adds its paths and schemas here, from a module of its own. */
const PATH_MODULES = [{ paths: ingestPaths, schemas: ingestSchemas }];

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: { title: "Inlet", version: "1" },
    paths: Object.assign({}, ...PATH_MODULES.map((module) => module.paths)) as object,
    components: {
      schemas: Object.assign({}, ...PATH_MODULES.map((module) => module.schemas)) as object,
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
