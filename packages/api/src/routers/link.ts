import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { adminRoleSchema, linkTokenSchema, passwordSchema } from "@inlet/contracts";
import {
  inspectAccessLink,
  redeemAccessLink,
  type AccessLinkKind,
} from "../services/access-links.ts";
import { recordAudit, type AuditInput } from "../services/audit.ts";
import { publicProcedure } from "../trpc.ts";
import type { Context } from "../context.ts";
import { refuseWhenLimited, startSession } from "./auth.ts";

const redeemInput = z.object({ token: linkTokenSchema, password: passwordSchema });
const signedInOutput = z.object({ email: z.string(), role: adminRoleSchema });

/** Guessing links is throttled like guessing passwords, per client address. */
function limitLinkUse(ctx: Context) {
  refuseWhenLimited(ctx, `link-ip:${ctx.clientIp}`, "attempts to use a link");
}

type Redeemed = Awaited<ReturnType<typeof redeemAccessLink>>["admin"];

/** Uses the link, records it in the name of the admin it signs in, and starts their session. */
async function redeem(
  ctx: Context,
  input: z.infer<typeof redeemInput>,
  kind: AccessLinkKind,
  describe: (admin: Redeemed, linkId: string) => Pick<AuditInput, "action" | "summary" | "details">,
) {
  limitLinkUse(ctx);
  const { admin, linkId } = await redeemAccessLink(ctx.prisma, { ...input, kind, now: ctx.now() });
  await recordAudit(ctx.prisma, {
    ...describe(admin, linkId),
    actor: admin,
    ipAddress: ctx.clientIp,
    target: { type: "admin", id: admin.id },
    at: ctx.now(),
  });
  await startSession(ctx, admin.id);
  return { email: admin.email, role: admin.role };
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
    .mutation(({ ctx, input }) =>
      redeem(ctx, input, "invitation", (admin, linkId) => ({
        action: "invitation.accept",
        summary: `accepted the invitation and joined as ${admin.role}`,
        details: { email: admin.email, role: admin.role, invitationId: linkId },
      })),
    ),

  /** Sets the new password, ends every other session of that admin, and signs in here. */
  resetPassword: publicProcedure
    .input(redeemInput)
    .output(signedInOutput)
    .mutation(({ ctx, input }) =>
      redeem(ctx, input, "password_reset", (admin, linkId) => ({
        action: "admin.password_reset",
        summary: "set a new password with a reset link; their other sessions ended",
        details: { email: admin.email, linkId },
      })),
    ),
} satisfies TRPCRouterRecord;
