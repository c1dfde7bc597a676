import type { PrismaClient } from "@inlet/db";
import { recordAudit, type AuditActor } from "../services/audit.ts";
import { HASH_PREFIX_CHARS, identifierHasher } from "./identifier-hash.ts";

export interface SuppressionEntry {
  hashPrefix: string;
  createdAt: Date;
}

/** A project's suppression list, newest first: hash prefixes and dates, never an identifier. */
export async function listSuppressions(
  prisma: PrismaClient,
  projectId: string,
): Promise<SuppressionEntry[]> {
  const rows = await prisma.suppressedIdentifier.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    select: { identifierHash: true, createdAt: true },
  });
  return rows.map((row) => ({
    hashPrefix: row.identifierHash.slice(0, HASH_PREFIX_CHARS),
    createdAt: row.createdAt,
  }));
}

/** Every hash a project suppresses, with the list version it was read at. */
export async function loadSuppressedHashes(prisma: PrismaClient, projectId: string) {
  const [project, rows] = await prisma.$transaction([
    prisma.project.findUnique({ where: { id: projectId }, select: { suppressionVersion: true } }),
    prisma.suppressedIdentifier.findMany({
      where: { projectId },
      select: { identifierHash: true },
    }),
  ]);
  return {
    version: project?.suppressionVersion ?? 0,
    hashes: new Set(rows.map((row) => row.identifierHash)),
  };
}

export interface RemoveSuppressionInput {
  projectId: string;
  identifier: string;
  actor: AuditActor;
  ipAddress: string | null;
}

/**
 * Lets the identifier's events in again: the admin types the identifier, which is hashed
 * and matched. False when it was not on the list.
 */
export async function removeSuppression(
  prisma: PrismaClient,
  { projectId, identifier, actor, ipAddress }: RemoveSuppressionInput,
): Promise<boolean> {
  const hash = (await identifierHasher(prisma))(projectId, identifier);
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.suppressedIdentifier.deleteMany({
      where: { projectId, identifierHash: hash },
    });
    if (count === 0) return false;
    const project = await tx.project.update({
      where: { id: projectId },
      data: { suppressionVersion: { increment: 1 } },
      select: { name: true },
    });
    await recordAudit(tx, {
      actor,
      ipAddress,
      action: "suppression.remove",
      target: { type: "project", id: projectId },
      summary: `let a deleted user's events into project "${project.name}" again`,
      details: { projectId, hashPrefix: hash.slice(0, HASH_PREFIX_CHARS) },
    });
    return true;
  });
}
