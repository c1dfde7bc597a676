import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { findSessionAdmin, SESSION_COOKIE } from "@inlet/api";
import type { Database } from "@inlet/db";
import { readCookie } from "../http/cookies.ts";
import {
  apiError,
  DATABASE_UNAVAILABLE,
  sendOutcome,
  type ApiOutcome,
} from "../read-api/api-outcome.ts";
import { exportOutcome } from "../read-api/event-handlers.ts";

const SIGN_IN = apiError(401, "sign in to export");
const NO_PROJECT = apiError(404, "no such project");

/**
 * The Events page's export: a plain GET the browser downloads by itself (a link with
 * `download`), so rows stream to disk instead of collecting in the page's memory. The
 * session cookie authenticates it; every role may export, since every role can already
 * read each of these events in the dashboard. A GET changes nothing, and the cookie is
 * SameSite, so another site cannot start one with the admin's session.
 */
export const dashboardExportRoutes: FastifyPluginAsync<{
  database: Database;
  now: () => Date;
}> = async (app, { database, now }) => {
  app.get("/export/projects/:projectId/events", async (request, reply) => {
    let outcome: ApiOutcome;
    try {
      outcome = await prepare();
    } catch (error) {
      request.log.error({ err: error }, "dashboard export failed");
      outcome = DATABASE_UNAVAILABLE;
    }
    return sendOutcome(reply, outcome);

    async function prepare(): Promise<ApiOutcome> {
      const session = readCookie(request.headers.cookie, SESSION_COOKIE);
      const admin = session ? await findSessionAdmin(database.prisma, session, now()) : null;
      if (!admin) return SIGN_IN;
      const { projectId } = request.params as { projectId: string };
      if (!z.uuid().safeParse(projectId).success) return NO_PROJECT;
      const project = await database.prisma.project.findUnique({
        where: { id: projectId },
        select: { id: true },
      });
      if (!project) return NO_PROJECT;
      return exportOutcome(database.exportReads, project.id, request, () => now().getTime());
    }
  });
};
