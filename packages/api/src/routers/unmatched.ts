import { TRPCError, tracked, type TRPCRouterRecord } from "@trpc/server";
import type { LiveItem } from "@inlet/db";
import { z } from "zod";
import { LiveFeedClosedError } from "../live/live-feed.ts";
import { adminProcedure } from "../trpc.ts";
import { knownTokens } from "../unmatched/known-tokens.ts";
import { maskExcerpt, maskToken, tokenHint } from "../unmatched/token-hint.ts";

/**
 * Requests that reached no project: no token, a token matching none, or a revoked or
 * expired one (those are also in their project's Live). The commonest integration
 * mistake, so admins see them across the whole instance.
 */
function isUnmatched(item: LiveItem): boolean {
  return item.kind === "refused" && (item.projectId === null || item.status === 401);
}

export const unmatchedRouter = {
  /** Unmatched requests seen on the shared live channel: the recent ones first, then live. */
  requests: adminProcedure
    .input(z.object({ lastEventId: z.string().max(100).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      const tokens = knownTokens(ctx.prisma, ctx.now);
      const stream = ctx.live.streamWhere(isUnmatched, { lastEventId: input.lastEventId, signal });
      try {
        for await (const entry of stream) {
          if (entry.type === "missed") {
            yield tracked(entry.id, { type: "missed" as const, count: entry.count });
            continue;
          }
          // A sample of at most 20 a second per process: one message per request is cheap.
          for (const { id, item } of entry.items) {
            // isUnmatched lets only refusals through; this narrows the type.
            if (item.kind !== "refused" && item.kind !== "dropped") continue;
            yield tracked(id, {
              type: "request" as const,
              request: {
                itemId: item.itemId,
                at: item.at,
                status: item.status,
                reason: item.reason,
                path: item.path,
                token: item.token === null ? null : maskToken(item.token),
                origin: item.origin ?? null,
                userAgent: item.userAgent ?? null,
                excerpt: maskExcerpt(item.excerpt, item.token),
                hint: tokenHint(item.token, await tokens()),
              },
            });
          }
        }
      } catch (error) {
        if (!(error instanceof LiveFeedClosedError)) throw error;
        throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: error.message, cause: error });
      }
    }),
} satisfies TRPCRouterRecord;
