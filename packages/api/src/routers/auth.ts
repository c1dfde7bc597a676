import { randomUUID } from "node:crypto";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { credentialsSchema } from "@inlet/contracts";
import { createFirstAdmin } from "../services/admins.ts";
import { hashPassword, verifyPassword } from "../services/passwords.ts";
import {
  createSession,
  findSessionAdmin,
  revokeSession,
  sessionCookie,
  SESSION_LIFETIME_MS,
} from "../services/sessions.ts";
import { protectedProcedure, publicProcedure } from "../trpc.ts";
import { emailOutput } from "./outputs.ts";
import type { Context } from "../context.ts";

// Verifying against this when the account does not exist keeps the answer's timing from
// revealing which emails have accounts.
const decoyHash = hashPassword(randomUUID());

const loginSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().min(1).max(200),
});

async function startSession(ctx: Context, adminId: string) {
  const session = await createSession(ctx.prisma, adminId, ctx.now());
  ctx.setCookie(sessionCookie(session.token, SESSION_LIFETIME_MS / 1000, ctx.secureCookies));
}

function refuseWhenLimited(ctx: Context, key: string) {
  const decision = ctx.loginLimiter.take(key);
  if (!decision.allowed) {
    throw new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message: `Too many sign-in attempts; try again in ${decision.retryAfterSeconds} s`,
    });
  }
}

export const authRouter = {
  /** Who is signed in, and whether this install still needs its first admin. */
  session: publicProcedure
    .input(z.void())
    .output(
      z.strictObject({
        admin: z.strictObject({ id: z.string(), email: z.string() }).nullable(),
        needsBootstrap: z.boolean(),
      }),
    )
    .query(async ({ ctx }) => {
      const admin = ctx.sessionToken
        ? await findSessionAdmin(ctx.prisma, ctx.sessionToken, ctx.now())
        : null;
      const needsBootstrap = admin ? false : (await ctx.prisma.admin.count()) === 0;
      return { admin, needsBootstrap };
    }),

  /** Creates the first admin; refused as soon as any admin exists. */
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
      if (!admin || !valid)
        throw new TRPCError({ code: "UNAUTHORIZED", message: "Wrong email or password" });
      await startSession(ctx, admin.id);
      return { email: admin.email };
    }),

  logout: protectedProcedure
    .input(z.void())
    .output(z.strictObject({ signedOut: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      await revokeSession(ctx.prisma, ctx.sessionToken, ctx.now());
      ctx.setCookie(sessionCookie("", 0, ctx.secureCookies));
      return { signedOut: true };
    }),
} satisfies TRPCRouterRecord;
