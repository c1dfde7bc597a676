import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { adminRoleSchema } from "@inlet/contracts";
import { idSchema } from "@inlet/contracts";
import { accessLinkUrl, issueResetLink } from "../services/access-links.ts";
import { changeAdminRole, removeAdmin } from "../services/team.ts";
import { ownerProcedure } from "../trpc.ts";

const memberOutput = z.object({
  id: z.string(),
  email: z.string(),
  role: adminRoleSchema,
  createdAt: z.date(),
  lastSeenAt: z.date().nullable(),
  you: z.boolean(),
});

/** The install's admins: only owners see and change them. */
export const teamRouter = {
  list: ownerProcedure
    .input(z.void())
    .output(z.array(memberOutput))
    .query(async ({ ctx }) => {
      const admins = await ctx.prisma.admin.findMany({
        select: {
          id: true,
          email: true,
          role: true,
          createdAt: true,
          sessions: { select: { lastSeenAt: true }, orderBy: { lastSeenAt: "desc" }, take: 1 },
        },
        orderBy: { createdAt: "asc" },
      });
      return admins.map(({ sessions, ...admin }) => ({
        ...admin,
        lastSeenAt: sessions[0]?.lastSeenAt ?? null,
        you: admin.id === ctx.admin.id,
      }));
    }),

  /** Applies to the admin's open sessions and live streams at once; the last owner stays. */
  changeRole: ownerProcedure
    .input(z.object({ adminId: idSchema, role: adminRoleSchema }))
    .output(z.object({ email: z.string(), role: adminRoleSchema }))
    .mutation(async ({ ctx, input }) => {
      const change = await changeAdminRole(ctx.prisma, input.adminId, input.role);
      await ctx.audit({
        action: "admin.role_change",
        target: { type: "admin", id: input.adminId },
        summary: `changed ${change.email} from ${change.from} to ${change.to}`,
        details: { email: change.email, from: change.from, to: change.to },
      });
      return { email: change.email, role: change.to };
    }),

  remove: ownerProcedure
    .input(z.object({ adminId: idSchema }))
    .output(z.object({ removed: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const removed = await removeAdmin(ctx.prisma, input.adminId);
      await ctx.audit({
        action: "admin.remove",
        target: { type: "admin", id: input.adminId },
        summary: `removed ${removed.email} (${removed.role})`,
        details: { email: removed.email, role: removed.role },
      });
      return { removed: true };
    }),

  /** A one-time link that lets the admin choose a new password; shown once. */
  createResetLink: ownerProcedure
    .input(z.object({ adminId: idSchema }))
    .output(
      z.object({
        email: z.string(),
        path: z.string(),
        url: z.string().nullable(),
        expiresAt: z.date(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const link = await issueResetLink(ctx.prisma, {
        adminId: input.adminId,
        createdById: ctx.admin.id,
        now: ctx.now(),
      });
      await ctx.audit({
        action: "admin.password_reset_link",
        target: { type: "admin", id: input.adminId },
        summary: `issued a password reset link for ${link.email}`,
        details: { email: link.email, linkId: link.id, expiresAt: link.expiresAt.toISOString() },
      });
      return {
        email: link.email,
        path: link.path,
        url: accessLinkUrl(ctx.publicUrl, link.path),
        expiresAt: link.expiresAt,
      };
    }),
} satisfies TRPCRouterRecord;
