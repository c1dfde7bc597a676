import type { PrismaClient } from "@inlet/db";
import { tokenLabelSchema } from "@inlet/contracts";
import { generateProjectToken } from "./token-generator.ts";

export class TokenNotFoundError extends Error {
  constructor() {
    super("No such token");
    this.name = "TokenNotFoundError";
  }
}

export async function createToken(prisma: PrismaClient, projectId: string, label = "") {
  return prisma.projectToken.create({
    data: { projectId, token: generateProjectToken(), label: tokenLabelSchema.parse(label) },
    select: { id: true, token: true, label: true, createdAt: true },
  });
}

/** Revokes a token; processes drop it from their caches within a second. */
export async function revokeToken(prisma: PrismaClient, token: string, now: Date) {
  const { count } = await prisma.projectToken.updateMany({
    where: { token, revokedAt: null },
    data: { revokedAt: now },
  });
  if (count === 0) {
    const exists = await prisma.projectToken.findUnique({ where: { token }, select: { id: true } });
    if (!exists) throw new TokenNotFoundError();
  }
  return { revoked: count === 1 };
}
