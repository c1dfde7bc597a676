import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { auditActions } from "@inlet/contracts";
import { ownerProcedure } from "../trpc.ts";
import { cursorSchema, decodeCursor, encodeCursor, limitSchema } from "./pagination.ts";

// A download is one response: past this many entries, narrow the dates.
const EXPORT_MAX_ENTRIES = 50_000;

const filtersSchema = z.object({
  actions: z.array(z.enum(auditActions)).max(auditActions.length).optional(),
  actor: z.string().trim().max(254).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
});

const entrySelect = {
  id: true,
  at: true,
  actorEmail: true,
  ipAddress: true,
  action: true,
  targetType: true,
  targetId: true,
  summary: true,
  details: true,
} as const;

const entryOutput = z.object({
  id: z.string(),
  at: z.date(),
  actorEmail: z.string(),
  ipAddress: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  summary: z.string(),
  details: z.unknown(),
});

function whereOf(filters: z.infer<typeof filtersSchema>) {
  return {
    ...(filters.actions?.length && { action: { in: filters.actions } }),
    ...(filters.actor && {
      actorEmail: {
        contains: filters.actor.replace(/[\\%_]/g, "\\$&"),
        mode: "insensitive" as const,
      },
    }),
    ...((filters.from ?? filters.to) && { at: { gte: filters.from, lt: filters.to } }),
  };
}

/** Who changed what: owners only. */
export const auditRouter = {
  list: ownerProcedure
    .input(filtersSchema.extend({ cursor: cursorSchema, limit: limitSchema }))
    .output(z.object({ entries: z.array(entryOutput), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const cursor = input.cursor ? decodeCursor(input.cursor) : undefined;
      const entries = await ctx.prisma.auditEntry.findMany({
        where: {
          ...whereOf(input),
          ...(cursor && {
            OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }],
          }),
        },
        select: entrySelect,
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: input.limit + 1,
      });
      const page = entries.slice(0, input.limit);
      const last = page.at(-1);
      return {
        entries: page,
        nextCursor: entries.length > input.limit && last ? encodeCursor(last) : null,
      };
    }),

  /** The filtered log as NDJSON (one JSON object per line, oldest first), for a download. */
  export: ownerProcedure
    .input(filtersSchema)
    .output(z.object({ ndjson: z.string(), count: z.number(), truncated: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const entries = await ctx.prisma.auditEntry.findMany({
        where: whereOf(input),
        select: entrySelect,
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: EXPORT_MAX_ENTRIES + 1,
      });
      const kept = entries.slice(0, EXPORT_MAX_ENTRIES).reverse();
      await ctx.audit({
        action: "audit.export",
        summary: `downloaded ${kept.length} audit entries`,
        details: { count: kept.length, filters: JSON.parse(JSON.stringify(input)) as object },
      });
      return {
        ndjson: kept.map((entry) => JSON.stringify(entry)).join("\n") + (kept.length ? "\n" : ""),
        count: kept.length,
        truncated: entries.length > EXPORT_MAX_ENTRIES,
      };
    }),
} satisfies TRPCRouterRecord;
