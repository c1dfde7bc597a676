import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Context } from "./context.ts";
import { recordAudit, type AuditInput } from "./services/audit.ts";
import { findSessionAdmin } from "./services/sessions.ts";
import { roleAllows, type AdminRole } from "@inlet/contracts";

const t = initTRPC.context<Context>().create({
  // Stack traces describe the server, not the caller's mistake: never send them.
  isDev: false,
  // Pings keep idle live streams from being cut by proxies; clients reconnect if they stop.
  sse: {
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
  },
  // Validation failures carry zod's issues so the dashboard can show them by field.
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    data: {
      ...shape.data,
      zodIssues: error.cause instanceof ZodError ? error.cause.issues : null,
    },
  }),
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * State changes must come from the dashboard itself: a browser reports the calling site
 * in Origin and Sec-Fetch-Site, and a page elsewhere cannot forge either.
 */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

const refuseCrossSiteMutations = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation") {
    // Hosts, not full origins: behind a TLS-terminating proxy the scheme differs.
    const foreignOrigin = ctx.origin !== null && originHost(ctx.origin) !== ctx.host;
    if (ctx.fetchSite === "cross-site" || foreignOrigin) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: "Cross-site requests may not change anything",
      });
    }
  }
  return next();
});

export const publicProcedure = t.procedure.use(refuseCrossSiteMutations);

/**
 * The one place a procedure states who may call it. The session and its admin's current
 * role are read from the database on every call, so a removal or a role change applies to
 * the very next request on every process; the context is narrowed to carry the admin and
 * an `audit` that records in the admin's name.
 */
export function roleProcedure(needed: AdminRole) {
  return publicProcedure.use(async ({ ctx, next }) => {
    const admin = ctx.sessionToken
      ? await findSessionAdmin(ctx.prisma, ctx.sessionToken, ctx.now())
      : null;
    if (!admin) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
    if (!roleAllows(admin.role, needed)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${needed} role` });
    }
    const audit = (entry: Omit<AuditInput, "actor" | "ipAddress">) =>
      recordAudit(ctx.prisma, { ...entry, actor: admin, ipAddress: ctx.clientIp, at: ctx.now() });
    return next({
      ctx: { ...ctx, admin, audit, sessionToken: ctx.sessionToken as string, neededRole: needed },
    });
  });
}

/** Any signed-in admin, whatever the role. */
export const viewerProcedure = roleProcedure("viewer");
export const adminProcedure = roleProcedure("admin");
export const ownerProcedure = roleProcedure("owner");
