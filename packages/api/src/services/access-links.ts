import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import type { PrismaClient } from "@inlet/db";
import { mayGrant, type AdminRole } from "@inlet/contracts";
import { hashPassword } from "./passwords.ts";
import { hashSecret, revokeAdminSessions } from "./sessions.ts";

export const ACCESS_LINK_LIFETIME_MS = 7 * 24 * 3600 * 1000;

export type AccessLinkKind = "invitation" | "password_reset";

/**
 * The secret travels in the fragment, which browsers never send to a server: it stays out
 * of access logs and proxies, and the dashboard reads it from `location.hash`.
 */
export function accessLinkPath(kind: AccessLinkKind, token: string): string {
  return `${kind === "invitation" ? "/invite" : "/reset-password"}#${token}`;
}

/** The full link when `PUBLIC_URL` is set; otherwise null and callers fall back to the path. */
export function accessLinkUrl(publicUrl: string | null, path: string): string | null {
  return publicUrl ? `${publicUrl.replace(/\/+$/, "")}${path}` : null;
}

function newToken() {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashSecret(token) };
}

function conflict(message: string): never {
  throw new TRPCError({ code: "CONFLICT", message });
}

/**
 * A new invitation replaces any still-open one for the same email. `createdBy` is null for
 * the command line, which may grant any role.
 */
export async function issueInvitation(
  prisma: PrismaClient,
  input: {
    email: string;
    role: AdminRole;
    createdBy: { id: string; role: AdminRole } | null;
    now: Date;
  },
) {
  if (input.createdBy && !mayGrant(input.createdBy.role, input.role)) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Only owners may invite owners" });
  }
  const existing = await prisma.admin.findUnique({
    where: { email: input.email },
    select: { id: true },
  });
  if (existing) conflict(`${input.email} already has an account`);
  const { token, tokenHash } = newToken();
  const link = await prisma.$transaction(async (tx) => {
    await tx.accessLink.updateMany({
      where: { kind: "invitation", email: input.email, usedAt: null, revokedAt: null },
      data: { revokedAt: input.now },
    });
    return tx.accessLink.create({
      data: {
        kind: "invitation",
        tokenHash,
        email: input.email,
        role: input.role,
        createdById: input.createdBy?.id ?? null,
        createdAt: input.now,
        expiresAt: new Date(input.now.getTime() + ACCESS_LINK_LIFETIME_MS),
      },
      select: { id: true, email: true, role: true, expiresAt: true },
    });
  });
  return { ...link, path: accessLinkPath("invitation", token) };
}

/** A new reset link replaces any still-open one for the same admin. */
export async function issueResetLink(
  prisma: PrismaClient,
  input: { adminId: string; createdById: string | null; now: Date },
) {
  const admin = await prisma.admin.findUnique({
    where: { id: input.adminId },
    select: { id: true, email: true },
  });
  if (!admin) throw new TRPCError({ code: "NOT_FOUND", message: "No such admin" });
  const { token, tokenHash } = newToken();
  const link = await prisma.$transaction(async (tx) => {
    await tx.accessLink.updateMany({
      where: { kind: "password_reset", adminId: admin.id, usedAt: null, revokedAt: null },
      data: { revokedAt: input.now },
    });
    return tx.accessLink.create({
      data: {
        kind: "password_reset",
        tokenHash,
        email: admin.email,
        adminId: admin.id,
        createdById: input.createdById,
        createdAt: input.now,
        expiresAt: new Date(input.now.getTime() + ACCESS_LINK_LIFETIME_MS),
      },
      select: { id: true, email: true, expiresAt: true },
    });
  });
  return { ...link, path: accessLinkPath("password_reset", token) };
}

const unusable = () =>
  new TRPCError({
    code: "NOT_FOUND",
    message: "This link is not valid: it was used, revoked or has expired. Ask for a new one.",
  });

/** What a link is for, while it can still be used. */
export async function inspectAccessLink(prisma: PrismaClient, token: string, now: Date) {
  const link = await prisma.accessLink.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: { kind: true, email: true, role: true, expiresAt: true, usedAt: true, revokedAt: true },
  });
  if (!link || link.usedAt || link.revokedAt || link.expiresAt <= now) throw unusable();
  return { kind: link.kind, email: link.email, role: link.role, expiresAt: link.expiresAt };
}

/**
 * Marks the link used and applies it, in one transaction: of two racing uses only one
 * finds it still open. Returns the admin it signs in.
 */
export async function redeemAccessLink(
  prisma: PrismaClient,
  input: { token: string; kind: AccessLinkKind; password: string; now: Date },
) {
  const passwordHash = await hashPassword(input.password);
  const tokenHash = hashSecret(input.token);
  return prisma.$transaction(async (tx) => {
    const claimed = await tx.accessLink.updateMany({
      where: {
        tokenHash,
        kind: input.kind,
        usedAt: null,
        revokedAt: null,
        expiresAt: { gt: input.now },
      },
      data: { usedAt: input.now },
    });
    if (claimed.count !== 1) throw unusable();
    const link = await tx.accessLink.findUniqueOrThrow({
      where: { tokenHash },
      select: { id: true, email: true, role: true, adminId: true },
    });
    const select = { id: true, email: true, role: true } as const;
    if (input.kind === "invitation") {
      const taken = await tx.admin.findUnique({
        where: { email: link.email },
        select: { id: true },
      });
      if (taken) conflict(`${link.email} already has an account; sign in instead`);
      const admin = await tx.admin.create({
        data: { email: link.email, passwordHash, role: link.role ?? "viewer" },
        select,
      });
      return { admin, linkId: link.id };
    }
    if (!link.adminId) throw unusable();
    const admin = await tx.admin.update({
      where: { id: link.adminId },
      data: { passwordHash },
      select,
    });
    // Whoever knew the old password is signed out everywhere.
    await revokeAdminSessions(tx, admin.id, input.now);
    return { admin, linkId: link.id };
  });
}
