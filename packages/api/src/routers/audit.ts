import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { auditActions } from "@inlet/contracts";
import { ownerProcedure } from "../trpc.ts";
import { limitSchema } from "./pagination.ts";

// A download is one response: past this many entries, narrow the dates.
const EXPORT_MAX_ENTRIES = 50_000;

const filtersSchema = z.object({
  actions: z.array(z.enum(auditActions)).max(auditActions.length).optional(),
  actor: z.string().trim().max(254).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
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

type Selected = { id: bigint } & Omit<z.infer<typeof entryOutput>, "id">;
// BigInt does not travel as JSON; the id is a position, so text serves.
const present = (entry: Selected) => ({ ...entry, id: entry.id.toString() });

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
    .input(
      filtersSchema.extend({
        /** The id of the last entry shown: the page continues with older ones. */
        cursor: z
          .string()
          .regex(/^\d{1,19}$/)
          .optional(),
        limit: limitSchema,
      }),
    )
    .output(z.object({ entries: z.array(entryOutput), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const entries = await ctx.prisma.auditEntry.findMany({
        where: {
          ...whereOf(input),
          ...(input.cursor && { id: { lt: BigInt(input.cursor) } }),
        },
        select: entrySelect,
        orderBy: { id: "desc" },
        take: input.limit + 1,
      });
      const page = entries.slice(0, input.limit).map(present);
      return {
        entries: page,
        nextCursor: entries.length > input.limit ? (page.at(-1)?.id ?? null) : null,
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
        orderBy: { id: "desc" },
        take: EXPORT_MAX_ENTRIES + 1,
      });
      const kept = entries.slice(0, EXPORT_MAX_ENTRIES).reverse().map(present);
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
