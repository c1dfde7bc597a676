import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { idSchema, receivedAtBounds } from "@inlet/contracts";
import { viewerProcedure } from "../trpc.ts";
import { eventListItemSchema, eventUserSchema } from "./outputs.ts";
import {
  afterCursor,
  cursorSchema,
  decodeCursor,
  encodeCursor,
  limitSchema,
} from "./pagination.ts";

export const eventListSelect = {
  id: true,
  name: true,
  url: true,
  occurredAt: true,
  receivedAt: true,
  batchId: true,
  anonymousId: true,
  customData: true,
  browser: true,
  os: true,
  deviceType: true,
  user: { select: { id: true, identifier: true, displayName: true } },
} as const;

const eventFiltersSchema = z.object({
  projectId: idSchema,
  name: z.string().max(200).optional(),
  userIdentifier: z.string().max(255).optional(),
  tokenId: idSchema.optional(),
  /** true: only events that came in a `POST /batch`; false: only single requests. */
  sentInBatch: z.boolean().optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  cursor: cursorSchema,
  limit: limitSchema,
});

export const eventRouter = {
  /** Newest first, filtered, one page at a time; `nextCursor` is null on the last page. */
  list: viewerProcedure
    .input(eventFiltersSchema)
    .output(
      z.strictObject({ events: z.array(eventListItemSchema), nextCursor: z.string().nullable() }),
    )
    .query(async ({ ctx, input }) => {
      const cursor = input.cursor ? decodeCursor(input.cursor) : undefined;
      const rows = await ctx.reader.event.findMany({
        where: {
          projectId: input.projectId,
          ...(input.name && { name: input.name }),
          ...(input.userIdentifier && { user: { identifier: input.userIdentifier } }),
          ...(input.tokenId && { tokenId: input.tokenId }),
          ...(input.sentInBatch !== undefined && {
            batchId: input.sentInBatch ? { not: null } : null,
          }),
          occurredAt: { ...(input.from && { gte: input.from }), ...(input.to && { lt: input.to }) },
          // Implied by the event-time bounds; lets PostgreSQL skip partitions.
          receivedAt: receivedAtBounds({ from: input.from, to: input.to, atMost: cursor?.at }),
          ...afterCursor(cursor),
        },
        orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
        take: input.limit + 1,
        select: eventListSelect,
      });
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      return {
        events: page,
        nextCursor:
          rows.length > input.limit && last
            ? encodeCursor({ at: last.occurredAt, id: last.id })
            : null,
      };
    }),

  /** Everything stored about one event. */
  get: viewerProcedure
    .input(z.object({ projectId: idSchema, eventId: idSchema }))
    .output(
      eventListItemSchema.extend({
        projectId: z.string(),
        contextId: z.string().nullable(),
        userAgent: z.string().nullable(),
        referrer: z.string().nullable(),
        sdk: z.string().nullable(),
        sdkVersion: z.string().nullable(),
        idempotencyKey: z.string().nullable(),
        user: eventUserSchema,
        token: z.strictObject({ id: z.string(), label: z.string() }).nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      // Opened from Live as soon as it is stored: read where it was written, not the replica.
      const event = await ctx.prisma.event.findFirst({
        where: { id: input.eventId, projectId: input.projectId },
        select: {
          id: true,
          projectId: true,
          name: true,
          url: true,
          customData: true,
          contextId: true,
          anonymousId: true,
          userAgent: true,
          browser: true,
          os: true,
          deviceType: true,
          referrer: true,
          sdk: true,
          sdkVersion: true,
          idempotencyKey: true,
          batchId: true,
          occurredAt: true,
          receivedAt: true,
          user: { select: { id: true, identifier: true, displayName: true } },
          token: { select: { id: true, label: true } },
        },
      });
      if (!event) throw new TRPCError({ code: "NOT_FOUND", message: "No such event" });
      return event;
    }),
} satisfies TRPCRouterRecord;
