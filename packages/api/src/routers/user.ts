import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { idSchema } from "@inlet/contracts";
import { viewerProcedure } from "../trpc.ts";
import { eventListSelect } from "./event.ts";
import { eventListItemSchema, jsonColumnSchema } from "./outputs.ts";
import { limitSchema } from "./pagination.ts";

const LATEST_EVENTS = 50;

// Prisma's `contains` becomes LIKE without escaping: a searched "%" or "_" must match itself.
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, "\\$&");

export const userRouter = {
  /** Users by identifier, optionally those whose identifier or name contains `search`. */
  list: viewerProcedure
    .input(
      z.object({
        projectId: idSchema,
        search: z.string().trim().max(255).optional(),
        cursor: z.string().max(255).optional(),
        limit: limitSchema,
      }),
    )
    .output(
      z.strictObject({
        users: z.array(
          z.strictObject({
            id: z.string(),
            identifier: z.string(),
            displayName: z.string().nullable(),
            avatarUrl: z.string().nullable(),
            updatedAt: z.date(),
          }),
        ),
        nextCursor: z.string().nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const search = input.search
        ? {
            OR: [
              { identifier: { contains: likeLiteral(input.search), mode: "insensitive" as const } },
              {
                displayName: { contains: likeLiteral(input.search), mode: "insensitive" as const },
              },
            ],
          }
        : {};
      const rows = await ctx.reader.user.findMany({
        where: {
          projectId: input.projectId,
          ...search,
          ...(input.cursor && { identifier: { gt: input.cursor } }),
        },
        orderBy: { identifier: "asc" },
        take: input.limit + 1,
        select: { id: true, identifier: true, displayName: true, avatarUrl: true, updatedAt: true },
      });
      const page = rows.slice(0, input.limit);
      return {
        users: page,
        nextCursor: rows.length > input.limit ? (page.at(-1)?.identifier ?? null) : null,
      };
    }),

  /** One user with their properties and latest events. */
  get: viewerProcedure
    .input(z.object({ projectId: idSchema, userId: idSchema }))
    .output(
      z.strictObject({
        id: z.string(),
        identifier: z.string(),
        displayName: z.string().nullable(),
        avatarUrl: z.string().nullable(),
        properties: jsonColumnSchema,
        createdAt: z.date(),
        updatedAt: z.date(),
        events: z.array(eventListItemSchema),
        eventCount: z.number().int(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const user = await ctx.reader.user.findFirst({
        where: { id: input.userId, projectId: input.projectId },
        select: {
          id: true,
          identifier: true,
          displayName: true,
          avatarUrl: true,
          properties: true,
          createdAt: true,
          updatedAt: true,
          _count: { select: { events: true } },
          events: {
            orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
            take: LATEST_EVENTS,
            select: eventListSelect,
          },
        },
      });
      if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "No such user" });
      const { _count, ...rest } = user;
      return { ...rest, eventCount: _count.events };
    }),
} satisfies TRPCRouterRecord;
