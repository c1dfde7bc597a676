import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import {
  idSchema,
  projectNameSchema,
  projectSettingsSchema,
  retentionDaysSchema,
} from "@inlet/contracts";
import { createProject } from "../services/projects.ts";
import { adminProcedure, ownerProcedure, viewerProcedure } from "../trpc.ts";
import { projectSummarySchema } from "./outputs.ts";

const DAY_MS = 24 * 3600 * 1000;
const MINUTE_MS = 60_000;

const projectSelect = {
  id: true,
  name: true,
  allowedOrigins: true,
  filterBots: true,
  retentionDays: true,
  createdAt: true,
} as const;

function notFound(): never {
  throw new TRPCError({ code: "NOT_FOUND", message: "No such project" });
}

function describe(retentionDays: number | null): string {
  if (retentionDays === null) return "keep forever";
  return retentionDays === 1 ? "1 day" : `${retentionDays} days`;
}

export const projectRouter = {
  /**
   * Every project with the number of events of the last 24 hours, from the minute 24 hours
   * ago on, read from the per-minute counters so the cost does not grow with volume.
   */
  list: viewerProcedure
    .input(z.void())
    .output(z.array(projectSummarySchema.extend({ eventsLast24h: z.number().int() })))
    .query(async ({ ctx }) => {
      const dayAgo = ctx.now().getTime() - DAY_MS;
      const since = new Date(Math.floor(dayAgo / MINUTE_MS) * MINUTE_MS);
      const projects = await ctx.prisma.project.findMany({
        select: projectSelect,
        orderBy: { createdAt: "asc" },
      });
      // Naming the projects lets each be read along the counters' primary key.
      const counts = await ctx.reader.eventCount.groupBy({
        by: ["projectId"],
        where: { projectId: { in: projects.map((project) => project.id) }, minute: { gte: since } },
        _sum: { count: true },
      });
      const byProject = new Map(counts.map((row) => [row.projectId, row._sum.count ?? 0]));
      return projects.map((project) => ({
        ...project,
        eventsLast24h: byProject.get(project.id) ?? 0,
      }));
    }),

  get: viewerProcedure
    .input(z.object({ projectId: idSchema }))
    .output(projectSummarySchema)
    .query(async ({ ctx, input }) => {
      const project = await ctx.prisma.project.findUnique({
        where: { id: input.projectId },
        select: projectSelect,
      });
      return project ?? notFound();
    }),

  /** Creates the project and its first token together; the token is shown once here. */
  create: adminProcedure
    .input(z.object({ name: projectNameSchema }))
    .output(
      z.strictObject({
        project: projectSummarySchema.pick({ id: true, name: true, createdAt: true }),
        token: z.string(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { project, token } = await createProject(ctx.prisma, input.name);
      await ctx.audit({
        action: "project.create",
        target: { type: "project", id: project.id },
        summary: `created project "${project.name}"`,
        details: { name: project.name },
      });
      return { project, token: token.token };
    }),

  rename: adminProcedure
    .input(z.object({ projectId: idSchema, name: projectNameSchema }))
    .output(z.strictObject({ id: z.string(), name: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const before = await ctx.prisma.project.findUnique({
        where: { id: input.projectId },
        select: { name: true },
      });
      if (!before) notFound();
      await ctx.prisma.project.update({
        where: { id: input.projectId },
        data: { name: input.name },
        select: { id: true },
      });
      await ctx.audit({
        action: "project.rename",
        target: { type: "project", id: input.projectId },
        summary: `renamed project "${before.name}" to "${input.name}"`,
        details: { from: before.name, to: input.name },
      });
      return { id: input.projectId, name: input.name };
    }),

  updateSettings: adminProcedure
    .input(projectSettingsSchema.extend({ projectId: idSchema }))
    .output(projectSummarySchema.pick({ allowedOrigins: true, filterBots: true }))
    .mutation(async ({ ctx, input }) => {
      const allowedOrigins = [...new Set(input.allowedOrigins)];
      const before = await ctx.prisma.project.findUnique({
        where: { id: input.projectId },
        select: { name: true, allowedOrigins: true, filterBots: true },
      });
      if (!before) notFound();
      await ctx.prisma.project.update({
        where: { id: input.projectId },
        data: { allowedOrigins, filterBots: input.filterBots },
        select: { id: true },
      });
      await ctx.audit({
        action: "project.settings",
        target: { type: "project", id: input.projectId },
        summary: `changed the settings of project "${before.name}"`,
        details: {
          from: { allowedOrigins: before.allowedOrigins, filterBots: before.filterBots },
          to: { allowedOrigins, filterBots: input.filterBots },
        },
      });
      return { allowedOrigins, filterBots: input.filterBots };
    }),

  /** Expired events are deleted by the server's background loop, not here. */
  setRetention: adminProcedure
    .input(z.object({ projectId: idSchema, retentionDays: retentionDaysSchema }))
    .output(projectSummarySchema.pick({ retentionDays: true }))
    .mutation(async ({ ctx, input }) => {
      const before = await ctx.prisma.project.findUnique({
        where: { id: input.projectId },
        select: { name: true, retentionDays: true },
      });
      if (!before) notFound();
      await ctx.prisma.project.update({
        where: { id: input.projectId },
        data: { retentionDays: input.retentionDays },
        select: { id: true },
      });
      await ctx.audit({
        action: "project.retention",
        target: { type: "project", id: input.projectId },
        summary: `set the event retention of project "${before.name}" to ${describe(input.retentionDays)}`,
        details: { from: before.retentionDays, to: input.retentionDays },
      });
      return { retentionDays: input.retentionDays };
    }),

  /** Deletes the project with its tokens, users and events; the name must be typed back. */
  delete: ownerProcedure
    .input(z.object({ projectId: idSchema, confirmName: z.string() }))
    .output(z.strictObject({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const project = await ctx.prisma.project.findUnique({
        where: { id: input.projectId },
        select: { name: true },
      });
      if (!project) notFound();
      if (project.name !== input.confirmName) {
        throw new TRPCError({
          code: "BAD_REQUEST",
          message: "Type the project's exact name to delete it",
        });
      }
      // Foreign keys cascade, so one statement removes everything in one transaction.
      await ctx.prisma.project.delete({ where: { id: input.projectId }, select: { id: true } });
      await ctx.audit({
        action: "project.delete",
        target: { type: "project", id: input.projectId },
        summary: `deleted project "${project.name}" with its data`,
        details: { name: project.name },
      });
      return { deleted: true };
    }),
} satisfies TRPCRouterRecord;
