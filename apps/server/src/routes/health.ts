import type { FastifyPluginAsync } from "fastify";
import type { Database } from "@inlet/db";
import { withDeadline } from "../http/deadline.ts";

const READY_TIMEOUT_MS = 2_000;

/** `/health` says the process is alive; `/ready` that it can take writes right now. */
export const healthRoutes: FastifyPluginAsync<{ database: Database }> = async (
  app,
  { database },
) => {
  app.get("/health", async () => ({ status: "ok" }));

  app.get("/ready", async (_request, reply) => {
    try {
      await withDeadline(database.ping(), READY_TIMEOUT_MS, "readiness check");
      return { status: "ready", database: database.kind };
    } catch (error) {
      app.log.warn({ err: error }, "readiness check failed");
      return reply.code(503).header("retry-after", "1").send({
        status: "unavailable",
        database: database.kind,
        reason: "database unreachable",
      });
    }
  });
};
