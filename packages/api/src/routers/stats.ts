import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { idSchema } from "@inlet/contracts";
import { viewerProcedure } from "../trpc.ts";

const MINUTE_MS = 60_000;
const WINDOW_MINUTES = 60;

export const statsRouter = {
  /** Events per minute over the last hour, oldest first, with empty minutes as zero. */
  eventsPerMinute: viewerProcedure
    .input(z.object({ projectId: idSchema }))
    .output(z.array(z.strictObject({ minute: z.date(), count: z.number().int() })))
    .query(async ({ ctx, input }) => {
      const currentMinute = Math.floor(ctx.now().getTime() / MINUTE_MS) * MINUTE_MS;
      const since = new Date(currentMinute - (WINDOW_MINUTES - 1) * MINUTE_MS);
      // The counters the ingest commit keeps, not the events: the cost stays that of sixty
      // minutes however many events they hold.
      const rows = await ctx.reader.eventCount.groupBy({
        by: ["minute"],
        where: { projectId: input.projectId, minute: { gte: since } },
        _sum: { count: true },
      });
      const counts = new Map(rows.map((row) => [row.minute.getTime(), row._sum.count ?? 0]));
      return Array.from({ length: WINDOW_MINUTES }, (_, index) => {
        const minute = since.getTime() + index * MINUTE_MS;
        return { minute: new Date(minute), count: counts.get(minute) ?? 0 };
      });
    }),

  /**
   * How far behind the read replica is (null without one), so the dashboard can say when
   * lists and charts may miss the latest events.
   */
  replication: viewerProcedure
    .input(z.void())
    .output(z.strictObject({ lagSeconds: z.number().nullable() }))
    .query(async ({ ctx }) => ({ lagSeconds: await ctx.replicaLagSeconds() })),
} satisfies TRPCRouterRecord;
