import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { idSchema, passwordSchema } from "@inlet/contracts";
import { hashPassword, verifyPassword } from "../services/passwords.ts";
import { revokeAdminSessions } from "../services/sessions.ts";
import { viewerProcedure } from "../trpc.ts";
import { refuseWhenLimited } from "./auth.ts";

const sessionOutput = z.object({
  id: z.string(),
  userAgent: z.string().nullable(),
  ipAddress: z.string().nullable(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  current: z.boolean(),
});

/** The signed-in admin's own password and sessions; every role has these. */
export const accountRouter = {
  changePassword: viewerProcedure
    .input(z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema }))
    .output(z.object({ otherSessionsEnded: z.number() }))
    .mutation(async ({ ctx, input }) => {
      // Guessing the current password from a borrowed session counts as sign-in attempts.
      refuseWhenLimited(ctx, `account:${ctx.admin.email}`);
      const { passwordHash } = await ctx.prisma.admin.findUniqueOrThrow({
        where: { id: ctx.admin.id },
        select: { passwordHash: true },
      });
      if (!(await verifyPassword(input.currentPassword, passwordHash))) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "The current password is wrong" });
      }
      await ctx.prisma.admin.update({
        where: { id: ctx.admin.id },
        data: { passwordHash: await hashPassword(input.newPassword) },
        select: { id: true },
      });
      // Whoever else knew the old password loses their way in.
      const ended = await revokeAdminSessions(
        ctx.prisma,
        ctx.admin.id,
        ctx.now(),
        ctx.admin.sessionId,
      );
      await ctx.audit({
        action: "account.password_change",
        target: { type: "admin", id: ctx.admin.id },
        summary: `changed their password; ${ended} other session(s) ended`,
        details: { otherSessionsEnded: ended },
      });
      return { otherSessionsEnded: ended };
    }),

  /** This admin's open sessions, newest activity first. */
  sessions: viewerProcedure
    .input(z.void())
    .output(z.array(sessionOutput))
    .query(async ({ ctx }) => {
      const sessions = await ctx.prisma.adminSession.findMany({
        where: { adminId: ctx.admin.id, revokedAt: null, expiresAt: { gt: ctx.now() } },
        select: { id: true, userAgent: true, ipAddress: true, createdAt: true, lastSeenAt: true },
        orderBy: { lastSeenAt: "desc" },
      });
      return sessions.map((session) => ({
        ...session,
        current: session.id === ctx.admin.sessionId,
      }));
    }),

  /** Ends one of this admin's sessions (ending the current one signs out here). */
  endSession: viewerProcedure
    .input(z.object({ sessionId: idSchema }))
    .output(z.object({ ended: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const { count } = await ctx.prisma.adminSession.updateMany({
        where: { id: input.sessionId, adminId: ctx.admin.id, revokedAt: null },
        data: { revokedAt: ctx.now() },
      });
      if (count === 0) throw new TRPCError({ code: "NOT_FOUND", message: "No such open session" });
      await ctx.audit({
        action: "account.session_end",
        target: { type: "session", id: input.sessionId },
        summary:
          input.sessionId === ctx.admin.sessionId
            ? "ended their current session"
            : "ended one of their other sessions",
      });
      return { ended: true };
    }),
} satisfies TRPCRouterRecord;
