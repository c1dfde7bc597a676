import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { adminRoleSchema } from "@inlet/contracts";
import { linkTokenSchema, passwordSchema } from "@inlet/contracts";
import { inspectAccessLink, redeemAccessLink } from "../services/access-links.ts";
import { recordAudit } from "../services/audit.ts";
import { publicProcedure } from "../trpc.ts";
import type { Context } from "../context.ts";
import { refuseWhenLimited, startSession } from "./auth.ts";

const redeemInput = z.object({ token: linkTokenSchema, password: passwordSchema });
const signedInOutput = z.object({ email: z.string(), role: adminRoleSchema });

/** Guessing links is throttled like guessing passwords, per client address. */
function limitLinkUse(ctx: Context) {
  refuseWhenLimited(ctx, `link-ip:${ctx.clientIp}`, "attempts to use a link");
}

/** Using one-time links: needs no session, since the link is the proof. */
export const linkRouter = {
  /** What the link is for, so the page can say who it signs in; refused once unusable. */
  inspect: publicProcedure
    .input(z.object({ token: linkTokenSchema }))
    .output(
      z.object({
        kind: z.enum(["invitation", "password_reset"]),
        email: z.string(),
        role: adminRoleSchema.nullable(),
        expiresAt: z.date(),
      }),
    )
    .query(async ({ ctx, input }) => {
      limitLinkUse(ctx);
      return inspectAccessLink(ctx.prisma, input.token, ctx.now());
    }),

  /** Creates the invited admin with the chosen password and signs them in. */
  acceptInvitation: publicProcedure
    .input(redeemInput)
    .output(signedInOutput)
    .mutation(async ({ ctx, input }) => {
      limitLinkUse(ctx);
      const { admin, linkId } = await redeemAccessLink(ctx.prisma, {
        ...input,
        kind: "invitation",
        now: ctx.now(),
      });
      await recordAudit(ctx.prisma, {
        actor: admin,
        ipAddress: ctx.clientIp,
        action: "invitation.accept",
        target: { type: "admin", id: admin.id },
        summary: `accepted the invitation and joined as ${admin.role}`,
        details: { email: admin.email, role: admin.role, invitationId: linkId },
        at: ctx.now(),
      });
      await startSession(ctx, admin.id);
      return { email: admin.email, role: admin.role };
    }),

  /** Sets the new password, ends every other session of that admin, and signs in here. */
  resetPassword: publicProcedure
    .input(redeemInput)
    .output(signedInOutput)
    .mutation(async ({ ctx, input }) => {
      limitLinkUse(ctx);
      const { admin, linkId } = await redeemAccessLink(ctx.prisma, {
        ...input,
        kind: "password_reset",
        now: ctx.now(),
      });
      await recordAudit(ctx.prisma, {
        actor: admin,
        ipAddress: ctx.clientIp,
        action: "admin.password_reset",
        target: { type: "admin", id: admin.id },
        summary: "set a new password with a reset link; their other sessions ended",
        details: { email: admin.email, linkId },
        at: ctx.now(),
      });
      await startSession(ctx, admin.id);
      return { email: admin.email, role: admin.role };
    }),
} satisfies TRPCRouterRecord;
