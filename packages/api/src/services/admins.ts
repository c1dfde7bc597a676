import type { PrismaClient } from "@inlet/db";
import { z } from "zod";
import { hashPassword } from "./passwords.ts";

export const adminCredentialsSchema = z.object({
  email: z
    .email()
    .max(254)
    .transform((email) => email.toLowerCase()),
  password: z.string().min(10, "password must be at least 10 characters").max(200),
});
export type AdminCredentials = z.input<typeof adminCredentialsSchema>;

export class AdminExistsError extends Error {
  constructor(email: string) {
    super(`An admin with email ${email} already exists`);
    this.name = "AdminExistsError";
  }
}

export async function createAdmin(prisma: PrismaClient, credentials: AdminCredentials) {
  const { email, password } = adminCredentialsSchema.parse(credentials);
  const existing = await prisma.admin.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw new AdminExistsError(email);
  return prisma.admin.create({
    data: { email, passwordHash: await hashPassword(password) },
    select: { id: true, email: true, createdAt: true },
  });
}
