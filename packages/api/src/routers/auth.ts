import { randomUUID } from "node:crypto";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { credentialsSchema } from "@inlet/contracts";
import { createFirstAdmin } from "../services/admins.ts";
import { recordAudit } from "../services/audit.ts";
import { hashPassword, verifyPassword } from "../services/passwords.ts";
import {
  createSession,
  findSessionAdmin,
  revokeSession,
  sessionCookie,
  SESSION_LIFETIME_MS,
} from "../services/sessions.ts";
import { publicProcedure, viewerProcedure } from "../trpc.ts";
import { emailOutput } from "./outputs.ts";
import { adminRoleSchema } from "@inlet/contracts";
import type { Context } from "../context.ts";

// Verifying against this when the account does not exist keeps the answer's timing from
// revealing which emails have accounts.
const decoyHash = hashPassword(randomUUID());

const loginSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().min(1).max(200),
});

export async function startSession(ctx: Context, adminId: string) {
  const session = await createSession(ctx.prisma, adminId, ctx.now(), {
    userAgent: ctx.userAgent,
    ipAddress: ctx.clientIp,
  });
  ctx.setCookie(sessionCookie(session.token, SESSION_LIFETIME_MS / 1000, ctx.secureCookies));
}

/** Shared by sign-in and the one-time links: attempts per client address and per key. */
export function refuseWhenLimited(ctx: Context, key: string, what = "sign-in attempts") {
  const decision = ctx.loginLimiter.take(key);
  if (!decision.allowed) {
    throw new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message: `Too many ${what}; try again in ${decision.retryAfterSeconds} s`,
    });
  }
}

export const authRouter = {
  /** Who is signed in, and whether this install still needs its first admin. */
  session: publicProcedure
    .input(z.void())
    .output(
      z.strictObject({
        admin: z
          .strictObject({ id: z.string(), email: z.string(), role: adminRoleSchema })
          .nullable(),
        needsBootstrap: z.boolean(),
      }),
    )
    .query(async ({ ctx }) => {
      const found = ctx.sessionToken
        ? await findSessionAdmin(ctx.prisma, ctx.sessionToken, ctx.now())
        : null;
      const admin = found && { id: found.id, email: found.email, role: found.role };
      const needsBootstrap = admin ? false : (await ctx.prisma.admin.count()) === 0;
      return { admin, needsBootstrap };
    }),

  /** Creates the first admin (an owner); refused as soon as any admin exists. */
  bootstrap: publicProcedure
    .input(credentialsSchema)
    .output(emailOutput)
    .mutation(async ({ ctx, input }) => {
      const admin = await createFirstAdmin(ctx.prisma, input);
      if (!admin)
        throw new TRPCError({
          code: "FORBIDDEN",
          message: "This install already has an admin; sign in instead",
        });
      await recordAudit(ctx.prisma, {
        actor: admin,
        ipAddress: ctx.clientIp,
        action: "admin.create",
        target: { type: "admin", id: admin.id },
        summary: `set up Inlet as its first owner`,
        details: { email: admin.email, role: "owner" },
        at: ctx.now(),
      });
      await startSession(ctx, admin.id);
      return { email: input.email };
    }),

  login: publicProcedure
    .input(loginSchema)
    .output(emailOutput)
    .mutation(async ({ ctx, input }) => {
      refuseWhenLimited(ctx, `ip:${ctx.clientIp}`);
      refuseWhenLimited(ctx, `account:${input.email}`);
      const admin = await ctx.prisma.admin.findUnique({
        where: { email: input.email },
        select: { id: true, email: true, passwordHash: true },
      });
      const valid = await verifyPassword(input.password, admin?.passwordHash ?? (await decoyHash));
      const signedIn = admin && valid;
      await recordAudit(ctx.prisma, {
        actor: { id: signedIn ? admin.id : null, email: input.email },
        ipAddress: ctx.clientIp,
        action: signedIn ? "auth.sign_in" : "auth.sign_in_failed",
        summary: signedIn ? "signed in" : "failed to sign in (wrong email or password)",
        at: ctx.now(),
      });
      if (!signedIn)
        throw new TRPCError({ code: "UNAUTHORIZED", message: "Wrong email or password" });
      await startSession(ctx, admin.id);
      return { email: admin.email };
    }),

  logout: viewerProcedure
    .input(z.void())
    .output(z.strictObject({ signedOut: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      await revokeSession(ctx.prisma, ctx.sessionToken, ctx.now());
      ctx.setCookie(sessionCookie("", 0, ctx.secureCookies));
      await ctx.audit({ action: "auth.sign_out", summary: "signed out" });
      return { signedOut: true };
    }),
} satisfies TRPCRouterRecord;
