import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Context } from "./context.ts";
import { findSessionAdmin } from "./services/sessions.ts";

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

/** Requires a live admin session and narrows the context to carry the admin. */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const admin = ctx.sessionToken
    ? await findSessionAdmin(ctx.prisma, ctx.sessionToken, ctx.now())
    : null;
  if (!admin) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  return next({ ctx: { ...ctx, admin, sessionToken: ctx.sessionToken as string } });
});
