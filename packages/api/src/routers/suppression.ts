import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { idSchema } from "@inlet/contracts";
import { listSuppressions, removeSuppression } from "../deletion/suppression.ts";
import { adminProcedure, viewerProcedure } from "../trpc.ts";

/** Identifiers of deleted users whose later events are acknowledged but not stored. */
export const suppressionRouter = {
  /** Entries newest first, each a hash prefix and a date: the list holds no identifier. */
  list: viewerProcedure
    .input(z.object({ projectId: idSchema }))
    .output(z.array(z.strictObject({ hashPrefix: z.string(), createdAt: z.date() })))
    .query(({ ctx, input }) => listSuppressions(ctx.prisma, input.projectId)),

  /** The admin types the identifier: it is hashed and matched, never stored. */
  remove: adminProcedure
    .input(z.object({ projectId: idSchema, identifier: z.string().min(1).max(255) }))
    .output(z.strictObject({ removed: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const removed = await removeSuppression(ctx.prisma, {
        ...input,
        actor: ctx.admin,
        ipAddress: ctx.clientIp,
      });
      if (!removed)
        throw new TRPCError({
          code: "NOT_FOUND",
          message: "That identifier is not on this project's suppression list",
        });
      return { removed: true as const };
    }),
} satisfies TRPCRouterRecord;
