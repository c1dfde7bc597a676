import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { idSchema } from "@inlet/contracts";
import { adminProcedure, viewerProcedure } from "../trpc.ts";
import {
  deletionPhases,
  requestUserDeletion,
  userDeletionStatus,
} from "../deletion/user-deletion.ts";
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
          deletedAt: null,
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
        where: { id: input.userId, projectId: input.projectId, deletedAt: null },
        select: {
          id: true,
          identifier: true,
          displayName: true,
          avatarUrl: true,
          properties: true,
          createdAt: true,
          updatedAt: true,
          events: {
            orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
            take: LATEST_EVENTS,
            select: eventListSelect,
          },
        },
      });
      if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "No such user" });
      // Not a relation `_count`: Prisma groups every user's events for it before the join
      // (1.5 s at 10,000,000 events); this counts one user's rows through their index.
      const eventCount = await ctx.reader.event.count({ where: { userId: user.id } });
      return { ...user, eventCount };
    }),

  /**
   * Deletes the user now and their events in the background (user.deletionStatus follows
   * it); the identifier joins the project's suppression list. The dashboard has the admin
   * type the identifier; it is what this input carries.
   */
  delete: adminProcedure
    .input(z.object({ projectId: idSchema, identifier: z.string().min(1).max(255) }))
    .output(z.strictObject({ deletionId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const request = await requestUserDeletion(
        { prisma: ctx.prisma, live: ctx.live, now: ctx.now },
        { ...input, actor: ctx.admin, ipAddress: ctx.clientIp },
      );
      if (!request.found) throw new TRPCError({ code: "NOT_FOUND", message: "No such user" });
      return { deletionId: request.deletionId };
    }),

  deletionStatus: viewerProcedure
    .input(z.object({ projectId: idSchema, deletionId: idSchema }))
    .output(
      z.strictObject({
        id: z.string(),
        phase: z.enum(deletionPhases),
        done: z.boolean(),
        eventsTotal: z.number().int(),
        eventsDeleted: z.number().int(),
        requestedAt: z.date(),
        finishedAt: z.date().nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const status = await userDeletionStatus(ctx.prisma, input.deletionId);
      if (status?.projectId !== input.projectId)
        throw new TRPCError({ code: "NOT_FOUND", message: "No such deletion" });
      const { id, phase, done, eventsTotal, eventsDeleted, requestedAt, finishedAt } = status;
      return { id, phase, done, eventsTotal, eventsDeleted, requestedAt, finishedAt };
    }),
} satisfies TRPCRouterRecord;
