import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import {
  apiKeyGrantSchema,
  apiKeyLabelSchema,
  apiKeyScopeSchema,
  idSchema,
} from "@inlet/contracts";
import { apiKeySelect, createApiKey } from "../services/api-keys.ts";
import { adminProcedure, viewerProcedure } from "../trpc.ts";

const apiKeySchema = z.strictObject({
  id: z.string(),
  prefix: z.string(),
  label: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

const labelled = (label: string) => (label ? ` "${label}"` : "");

type Scope = z.infer<typeof apiKeyScopeSchema>;
const isScope = (scope: string): scope is Scope => apiKeyScopeSchema.safeParse(scope).success;

interface KeyRow {
  id: string;
  prefix: string;
  label: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Rows store scopes as text; only known ones leave the server. */
const listed = (row: KeyRow) => ({
  id: row.id,
  prefix: row.prefix,
  label: row.label,
  scopes: row.scopes.filter(isScope),
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  revokedAt: row.revokedAt,
});

// Secret keys for /api/v1. Admins create and revoke them; anyone signed in sees that they
// exist (prefix, scopes, last use), never the key itself, which only `create` returns.
export const apiKeyRouter = {
  list: viewerProcedure
    .input(z.object({ projectId: idSchema }))
    .output(z.array(apiKeySchema))
    .query(async ({ ctx, input }) => {
      const keys = await ctx.prisma.apiKey.findMany({
        where: { projectId: input.projectId },
        select: apiKeySelect,
        orderBy: { createdAt: "asc" },
      });
      return keys.map((key) => listed(key));
    }),

  create: adminProcedure
    .input(z.object({ projectId: idSchema, label: apiKeyLabelSchema, grant: apiKeyGrantSchema }))
    .output(apiKeySchema.extend({ key: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const project = await ctx.prisma.project.findUnique({
        where: { id: input.projectId },
        select: { id: true, name: true },
      });
      if (!project) throw new TRPCError({ code: "NOT_FOUND", message: "No such project" });
      const created = await createApiKey(ctx.prisma, { ...input, now: ctx.now() });
      await ctx.audit({
        action: "api_key.create",
        target: { type: "api_key", id: created.id },
        summary: `created an API key${labelled(created.label)} (${input.grant}) in project "${project.name}"`,
        details: {
          projectId: project.id,
          label: created.label,
          prefix: created.prefix,
          scopes: created.scopes,
        },
      });
      return { ...listed(created), key: created.key };
    }),

  /** Takes effect on every process within a second (their key caches expire in 500 ms). */
  revoke: adminProcedure
    .input(z.object({ keyId: idSchema }))
    .output(z.strictObject({ revoked: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const { count } = await ctx.prisma.apiKey.updateMany({
        where: { id: input.keyId, revokedAt: null },
        data: { revokedAt: ctx.now() },
      });
      if (count === 0) throw new TRPCError({ code: "NOT_FOUND", message: "No such active key" });
      const key = await ctx.prisma.apiKey.findUniqueOrThrow({
        where: { id: input.keyId },
        select: { projectId: true, label: true, prefix: true },
      });
      await ctx.audit({
        action: "api_key.revoke",
        target: { type: "api_key", id: input.keyId },
        summary: `revoked an API key${labelled(key.label)} (${key.prefix}…)`,
        details: { projectId: key.projectId, label: key.label, prefix: key.prefix },
      });
      return { revoked: true };
    }),
} satisfies TRPCRouterRecord;
