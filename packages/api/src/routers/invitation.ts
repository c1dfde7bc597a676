import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { adminRoleSchema } from "@inlet/contracts";
import { emailSchema, idSchema } from "@inlet/contracts";
import { accessLinkUrl, issueInvitation } from "../services/access-links.ts";
import { adminProcedure } from "../trpc.ts";

const invitationOutput = z.object({
  id: z.string(),
  email: z.string(),
  role: adminRoleSchema,
  createdAt: z.date(),
  expiresAt: z.date(),
  createdBy: z.string().nullable(),
});

/** Invitations for colleagues: owners and admins issue them, viewers never see them. */
export const invitationRouter = {
  /** Invitations still waiting to be used (not used, revoked or expired). */
  list: adminProcedure
    .input(z.void())
    .output(z.array(invitationOutput))
    .query(async ({ ctx }) => {
      const links = await ctx.prisma.accessLink.findMany({
        where: { kind: "invitation", usedAt: null, revokedAt: null, expiresAt: { gt: ctx.now() } },
        select: {
          id: true,
          email: true,
          role: true,
          createdAt: true,
          expiresAt: true,
          createdBy: { select: { email: true } },
        },
        orderBy: { createdAt: "desc" },
      });
      return links.map(({ createdBy, role, ...link }) => ({
        ...link,
        role: role ?? "viewer",
        createdBy: createdBy?.email ?? null,
      }));
    }),

  /** The link is in the answer only: Inlet keeps its hash, so it cannot be shown again. */
  create: adminProcedure
    .input(z.object({ email: emailSchema, role: adminRoleSchema }))
    .output(
      z.object({
        id: z.string(),
        email: z.string(),
        role: adminRoleSchema,
        path: z.string(),
        url: z.string().nullable(),
        expiresAt: z.date(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const invitation = await issueInvitation(ctx.prisma, {
        email: input.email,
        role: input.role,
        createdBy: ctx.admin,
        now: ctx.now(),
      });
      await ctx.audit({
        action: "invitation.create",
        target: { type: "invitation", id: invitation.id },
        summary: `invited ${invitation.email} as ${input.role}`,
        details: { email: invitation.email, role: input.role },
      });
      return {
        id: invitation.id,
        email: invitation.email,
        role: input.role,
        path: invitation.path,
        url: accessLinkUrl(ctx.publicUrl, invitation.path),
        expiresAt: invitation.expiresAt,
      };
    }),

  revoke: adminProcedure
    .input(z.object({ invitationId: idSchema }))
    .output(z.object({ revoked: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const where = { id: input.invitationId, kind: "invitation" as const };
      const { count } = await ctx.prisma.accessLink.updateMany({
        where: { ...where, usedAt: null, revokedAt: null },
        data: { revokedAt: ctx.now() },
      });
      if (count === 0)
        throw new TRPCError({ code: "NOT_FOUND", message: "No such open invitation" });
      const { email } = await ctx.prisma.accessLink.findFirstOrThrow({
        where,
        select: { email: true },
      });
      await ctx.audit({
        action: "invitation.revoke",
        target: { type: "invitation", id: input.invitationId },
        summary: `revoked the invitation of ${email}`,
        details: { email },
      });
      return { revoked: true };
    }),
} satisfies TRPCRouterRecord;
