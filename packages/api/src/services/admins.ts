import type { PrismaClient } from "@inlet/db";
import type { z } from "zod";
import { credentialsSchema } from "../schemas.ts";
import { hashPassword } from "./passwords.ts";

export type AdminCredentials = z.input<typeof credentialsSchema>;

export class AdminExistsError extends Error {
  constructor(email: string) {
    super(`An admin with email ${email} already exists`);
    this.name = "AdminExistsError";
  }
}

export async function createAdmin(prisma: PrismaClient, credentials: AdminCredentials) {
  const { email, password } = credentialsSchema.parse(credentials);
  const existing = await prisma.admin.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw new AdminExistsError(email);
  return prisma.admin.create({
    data: { email, passwordHash: await hashPassword(password) },
    select: { id: true, email: true, createdAt: true },
  });
}
