import { TRPCError } from "@trpc/server";
import type { Prisma, PrismaClient } from "@inlet/db";
import type { AdminRole } from "@inlet/contracts";

// Any constant works; every process must use the same one.
const OWNERS_LOCK_KEY = 7_315_202_613;

function notFound(): never {
  throw new TRPCError({ code: "NOT_FOUND", message: "No such admin" });
}

/**
 * Runs a change to one admin under a lock that serialises every change to owners, and
 * refuses it when it would leave the install without an owner: two owners demoting each
 * other at once must not both succeed.
 */
async function changeKeepingAnOwner<T>(
  prisma: PrismaClient,
  adminId: string,
  losesOwnership: (currentRole: AdminRole) => boolean,
  change: (tx: Prisma.TransactionClient, admin: { email: string; role: AdminRole }) => Promise<T>,
): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(${OWNERS_LOCK_KEY}::bigint)`;
    const admin = await tx.admin.findUnique({
      where: { id: adminId },
      select: { email: true, role: true },
    });
    if (!admin) notFound();
    if (losesOwnership(admin.role)) {
      const otherOwners = await tx.admin.count({ where: { role: "owner", id: { not: adminId } } });
      if (otherOwners === 0) {
        throw new TRPCError({
          code: "BAD_REQUEST",
          message: "This is the last owner: make someone else an owner first",
        });
      }
    }
    return change(tx, admin);
  });
}

export async function changeAdminRole(prisma: PrismaClient, adminId: string, role: AdminRole) {
  return changeKeepingAnOwner(
    prisma,
    adminId,
    (current) => current === "owner" && role !== "owner",
    async (tx, admin) => {
      await tx.admin.update({ where: { id: adminId }, data: { role }, select: { id: true } });
      return { email: admin.email, from: admin.role, to: role };
    },
  );
}

/** Deletes the admin; their sessions go with them (foreign key cascade). */
export async function removeAdmin(prisma: PrismaClient, adminId: string) {
  return changeKeepingAnOwner(
    prisma,
    adminId,
    (current) => current === "owner",
    async (tx, admin) => {
      await tx.admin.delete({ where: { id: adminId }, select: { id: true } });
      return admin;
    },
  );
}
