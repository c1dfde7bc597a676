import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { idSchema, rotationGraceSchema, tokenLabelSchema } from "@inlet/contracts";
import { generateProjectToken } from "../services/token-generator.ts";
import { protectedProcedure } from "../trpc.ts";
import { tokenSchema } from "./outputs.ts";

const tokenSelect = {
  id: true,
  token: true,
  label: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  expiresAt: true,
} as const;

const tokenStatusSchema = z.enum(["active", "expiring", "expired", "revoked"]);
type TokenStatus = z.infer<typeof tokenStatusSchema>;

function statusOf(
  token: { revokedAt: Date | null; expiresAt: Date | null },
  now: Date,
): TokenStatus {
  if (token.revokedAt) return "revoked";
  if (!token.expiresAt) return "active";
  return token.expiresAt > now ? "expiring" : "expired";
}

export const tokenRouter = {
  list: protectedProcedure
    .input(z.object({ projectId: idSchema }))
    .output(z.array(tokenSchema.extend({ status: tokenStatusSchema })))
    .query(async ({ ctx, input }) => {
      const tokens = await ctx.prisma.projectToken.findMany({
        where: { projectId: input.projectId },
        select: tokenSelect,
        orderBy: { createdAt: "asc" },
      });
      const now = ctx.now();
      return tokens.map((token) => ({ ...token, status: statusOf(token, now) }));
    }),

  create: protectedProcedure
    .input(z.object({ projectId: idSchema, label: tokenLabelSchema }))
    .output(tokenSchema)
    .mutation(async ({ ctx, input }) => {
      const project = await ctx.prisma.project.findUnique({
        where: { id: input.projectId },
        select: { id: true },
      });
      if (!project) throw new TRPCError({ code: "NOT_FOUND", message: "No such project" });
      return ctx.prisma.projectToken.create({
        data: {
          projectId: input.projectId,
          label: input.label,
          token: generateProjectToken(),
          createdAt: ctx.now(),
        },
        select: tokenSelect,
      });
    }),

  /** Takes effect on every process within a second (their caches expire in 500 ms). */
  revoke: protectedProcedure
    .input(z.object({ tokenId: idSchema }))
    .output(z.strictObject({ revoked: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const { count } = await ctx.prisma.projectToken.updateMany({
        where: { id: input.tokenId, revokedAt: null },
        data: { revokedAt: ctx.now() },
      });
      if (count === 0) throw new TRPCError({ code: "NOT_FOUND", message: "No such active token" });
      return { revoked: true };
    }),

  /** Issues a successor; the old token keeps working for the grace period, then stops. */
  rotate: protectedProcedure
    .input(z.object({ tokenId: idSchema, graceSeconds: rotationGraceSchema }))
    .output(z.strictObject({ successor: tokenSchema, oldTokenExpiresAt: z.date() }))
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      return ctx.prisma.$transaction(async (tx) => {
        const old = await tx.projectToken.findUnique({
          where: { id: input.tokenId },
          select: { projectId: true, label: true, revokedAt: true, expiresAt: true },
        });
        if (!old || old.revokedAt || (old.expiresAt && old.expiresAt <= now)) {
          throw new TRPCError({ code: "NOT_FOUND", message: "No such active token" });
        }
        const expiresAt = new Date(now.getTime() + input.graceSeconds * 1000);
        await tx.projectToken.update({
          where: { id: input.tokenId },
          data: { expiresAt },
          select: { id: true },
        });
        const successor = await tx.projectToken.create({
          data: {
            projectId: old.projectId,
            label: old.label,
            token: generateProjectToken(),
            createdAt: now,
          },
          select: tokenSelect,
        });
        return { successor, oldTokenExpiresAt: expiresAt };
      });
    }),
} satisfies TRPCRouterRecord;
