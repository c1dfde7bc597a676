import { pruneAudit } from "@inlet/api";
import type { PrismaClient } from "@inlet/db";
import type { FastifyInstance } from "fastify";
import { schedulePruning } from "./periodic-prune.ts";

/** Deletes audit entries past their retention, in the background (see schedulePruning). */
export function scheduleAuditPruning(
  app: FastifyInstance,
  prisma: PrismaClient,
  retentionDays: number,
  now: () => Date,
): void {
  schedulePruning(app, "audit entries", () => pruneAudit(prisma, retentionDays, now()));
}
