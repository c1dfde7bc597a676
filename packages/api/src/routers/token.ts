import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { idSchema, rotationGraceSchema, tokenLabelSchema } from "@inlet/contracts";
import { generateProjectToken } from "../services/token-generator.ts";
import { compareTokens, rotatedTokenLabel } from "../services/token-label.ts";
import { adminProcedure, viewerProcedure } from "../trpc.ts";
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

const labelled = (label: string) => (label ? ` "${label}"` : "");

/**
 * Project tokens are public by design (they ship in browser code), but the log still
 * names them only by their last characters, as the dashboard does.
 */
const tokenHint = (token: string) => ({ tokenEnding: token.slice(-4) });

export const tokenRouter = {
  list: viewerProcedure
    .input(z.object({ projectId: idSchema }))
    .output(z.array(tokenSchema.extend({ status: tokenStatusSchema })))
    .query(async ({ ctx, input }) => {
      const tokens = await ctx.prisma.projectToken.findMany({
        where: { projectId: input.projectId },
        select: tokenSelect,
      });
      const now = ctx.now();
      return tokens
        .map((token) => ({ ...token, status: statusOf(token, now) }))
        .sort(compareTokens);
    }),

  create: adminProcedure
    .input(z.object({ projectId: idSchema, label: tokenLabelSchema }))
    .output(tokenSchema)
    .mutation(async ({ ctx, input }) => {
      const project = await ctx.prisma.project.findUnique({
        where: { id: input.projectId },
        select: { id: true, name: true },
      });
      if (!project) throw new TRPCError({ code: "NOT_FOUND", message: "No such project" });
      const token = await ctx.prisma.projectToken.create({
        data: {
          projectId: input.projectId,
          label: input.label,
          token: generateProjectToken(),
          createdAt: ctx.now(),
        },
        select: tokenSelect,
      });
      await ctx.audit({
        action: "token.create",
        target: { type: "token", id: token.id },
        summary: `created a token${labelled(token.label)} in project "${project.name}"`,
        details: { projectId: project.id, label: token.label, ...tokenHint(token.token) },
      });
      return token;
    }),

  /** Takes effect on every process within a second (their caches expire in 500 ms). */
  revoke: adminProcedure
    .input(z.object({ tokenId: idSchema }))
    .output(z.strictObject({ revoked: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const { count } = await ctx.prisma.projectToken.updateMany({
        where: { id: input.tokenId, revokedAt: null },
        data: { revokedAt: ctx.now() },
      });
      if (count === 0) throw new TRPCError({ code: "NOT_FOUND", message: "No such active token" });
      const token = await ctx.prisma.projectToken.findUniqueOrThrow({
        where: { id: input.tokenId },
        select: { projectId: true, label: true, token: true },
      });
      await ctx.audit({
        action: "token.revoke",
        target: { type: "token", id: input.tokenId },
        summary: `revoked a token${labelled(token.label)}`,
        details: { projectId: token.projectId, label: token.label, ...tokenHint(token.token) },
      });
      return { revoked: true };
    }),

  /** Issues a successor; the old token keeps working for the grace period, then stops. */
  rotate: adminProcedure
    .input(z.object({ tokenId: idSchema, graceSeconds: rotationGraceSchema }))
    .output(z.strictObject({ successor: tokenSchema, oldTokenExpiresAt: z.date() }))
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const { successor, oldTokenExpiresAt, projectId } = await ctx.prisma.$transaction(
        async (tx) => {
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
              label: rotatedTokenLabel(old.label, now),
              token: generateProjectToken(),
              createdAt: now,
            },
            select: tokenSelect,
          });
          return { successor, oldTokenExpiresAt: expiresAt, projectId: old.projectId };
        },
      );
      await ctx.audit({
        action: "token.rotate",
        target: { type: "token", id: input.tokenId },
        summary: `rotated a token${labelled(successor.label)}; the old one works ${input.graceSeconds} s more`,
        details: {
          projectId,
          successorId: successor.id,
          graceSeconds: input.graceSeconds,
          ...tokenHint(successor.token),
        },
      });
      return { successor, oldTokenExpiresAt };
    }),
} satisfies TRPCRouterRecord;
