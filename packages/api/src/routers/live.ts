import { TRPCError, tracked, type TRPCRouterRecord } from "@trpc/server";
import { LiveFeedClosedError } from "../live/live-feed.ts";
import { storedLiveItems } from "../live/stored-items.ts";
import { z } from "zod";
import { idSchema, liveItemSchema, liveKindSchema, livePayloadSchemaOf } from "@inlet/contracts";
import { checkedOnce, trackedStream } from "./outputs.ts";
import { viewerProcedure } from "../trpc.ts";

export const liveRouter = {
  /**
   * Accepted events (after commit) and refused or dropped requests of one project, pushed
   * over SSE. A new stream opens with the last minutes' items (stored events, and what
   * this process saw on the shared channel); reconnecting clients send the last event id
   * and receive what they missed.
   */
  events: viewerProcedure
    .input(
      z.object({
        projectId: idSchema,
        names: z.array(z.string().max(200)).max(50).optional(),
        userIdentifier: z.string().max(255).optional(),
        kinds: z.array(liveKindSchema).max(3).optional(),
        lastEventId: z.string().max(100).nullish(),
      }),
    )
    .output(trackedStream(livePayloadSchemaOf(checkedOnce(liveItemSchema))))
    .subscription(async function* ({ ctx, input, signal }) {
      const { lastEventId, ...filter } = input;
      // A removal or a role change ends the stream within the watch's tick.
      const access = ctx.sessionWatch.watch(ctx.sessionToken, ctx.neededRole);
      const until = signal ? AbortSignal.any([signal, access.signal]) : access.signal;
      try {
        const stored = storedLiveItems(ctx.prisma, filter);
        for await (const entry of ctx.live.stream(filter, { lastEventId, signal: until, stored })) {
          if (entry.type === "missed") {
            yield tracked(entry.id, { type: entry.type, count: entry.count });
            continue;
          }
          const items = entry.items.map(({ item }) => item);
          yield tracked(entry.id, { type: entry.type, items });
        }
        if (access.signal.aborted) throw access.signal.reason;
      } catch (error) {
        if (!(error instanceof LiveFeedClosedError)) throw error;
        throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: error.message, cause: error });
      } finally {
        access.stop();
      }
    }),
} satisfies TRPCRouterRecord;
