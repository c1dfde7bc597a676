import type { PrismaClient } from "@inlet/db";
import type { z } from "zod";
import { credentialsSchema } from "@inlet/contracts";
import type { AdminRole } from "@inlet/contracts";
import { hashPassword } from "./passwords.ts";

export type AdminCredentials = z.input<typeof credentialsSchema>;

export class AdminExistsError extends Error {
  constructor(email: string) {
    super(`An admin with email ${email} already exists`);
    this.name = "AdminExistsError";
  }
}

export async function createAdmin(
  prisma: PrismaClient,
  credentials: AdminCredentials,
  role: AdminRole = "owner",
) {
  const { email, password } = credentialsSchema.parse(credentials);
  const existing = await prisma.admin.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw new AdminExistsError(email);
  return prisma.admin.create({
    data: { email, passwordHash: await hashPassword(password), role },
    select: { id: true, email: true, role: true, createdAt: true },
  });
}

// Any constant works; every process must use the same one.
const FIRST_ADMIN_LOCK_KEY = 7_315_202_612;

/**
 * Creates the install's first admin, or returns null when one exists. The lock serialises
 * racing first visits (and processes starting at once with INLET_ADMIN_*): under READ
 * COMMITTED a plain "insert if none" would let each of them see no admin yet.
 */
export async function createFirstAdmin(prisma: PrismaClient, credentials: AdminCredentials) {
  const { email, password } = credentialsSchema.parse(credentials);
  const passwordHash = await hashPassword(password);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(${FIRST_ADMIN_LOCK_KEY}::bigint)`;
    if ((await tx.admin.count()) > 0) return null;
    return tx.admin.create({
      data: { email, passwordHash, role: "owner" },
      select: { id: true, email: true },
    });
  });
}
