import type { LiveForget, PrismaClient } from "@inlet/db";
import { recordAudit, type AuditActor } from "../services/audit.ts";
import { HASH_PREFIX_CHARS, identifierHasher } from "./identifier-hash.ts";

export interface DeletionDependencies {
  prisma: PrismaClient;
  /** Live's history on every process forgets the user (a LiveFeed does this). */
  live: { forgetUser(notice: LiveForget): void };
  now: () => Date;
}

export interface UserDeletionInput {
  projectId: string;
  identifier: string;
  actor: AuditActor;
  ipAddress: string | null;
}

export type UserDeletionRequest = { found: false } | { found: true; deletionId: string };

class ConcurrentDeletion extends Error {}

/** The user row stays, nameless, until the worker has removed its events (decision 014). */
const placeholderIdentifier = (deletionId: string) => `deleted:${deletionId}`;

/**
 * Deletes a user at once (name, properties, visitor links) and puts the identifier's keyed
 * hash on the project's suppression list in the same transaction; the user's events are
 * removed afterwards, in batches, by the deletion worker (deletion-worker.ts). The audit
 * entry names the deletion and the hash prefix, never the identifier or the user's id.
 */
export async function requestUserDeletion(
  { prisma, live, now }: DeletionDependencies,
  { projectId, identifier, actor, ipAddress }: UserDeletionInput,
): Promise<UserDeletionRequest> {
  const hash = (await identifierHasher(prisma))(projectId, identifier);
  const result = await prisma
    .$transaction(async (tx) => {
      const user = await tx.user.findFirst({
        where: { projectId, identifier, deletedAt: null },
        select: { id: true, project: { select: { name: true } } },
      });
      if (!user) return null;
      const deletion = await tx.userDeletion.create({
        data: {
          projectId,
          identifierHash: hash,
          identifier,
          userId: user.id,
          eventsTotal: await tx.event.count({ where: { userId: user.id } }),
          requestedAt: now(),
        },
        select: { id: true },
      });
      // Guarded by deletedAt: of two concurrent deletions of one user, one fails and rolls back.
      const { count } = await tx.user.updateMany({
        where: { id: user.id, deletedAt: null },
        data: {
          identifier: placeholderIdentifier(deletion.id),
          displayName: null,
          avatarUrl: null,
          properties: {},
          deletedAt: now(),
        },
      });
      if (count === 0) throw new ConcurrentDeletion();
      const links = await tx.anonymousLink.findMany({
        where: { userId: user.id },
        select: { anonymousId: true },
      });
      await tx.anonymousLink.deleteMany({ where: { userId: user.id } });
      await tx.suppressedIdentifier.createMany({
        data: [{ projectId, identifierHash: hash, createdAt: now() }],
        skipDuplicates: true,
      });
      await tx.project.update({
        where: { id: projectId },
        data: { suppressionVersion: { increment: 1 } },
        select: { id: true },
      });
      await recordAudit(tx, {
        actor,
        ipAddress,
        action: "user.delete",
        target: { type: "user_deletion", id: deletion.id },
        summary: `deleted a user of project "${user.project.name}"`,
        details: { projectId, hashPrefix: hash.slice(0, HASH_PREFIX_CHARS) },
      });
      return { deletionId: deletion.id, anonymousIds: links.map((link) => link.anonymousId) };
    })
    // Another request deleted the user first: for this one, there is no such user.
    .catch((error: unknown) => {
      if (error instanceof ConcurrentDeletion) return null;
      throw error;
    });
  if (!result) return { found: false };
  live.forgetUser({ projectId, identifier, anonymousIds: result.anonymousIds });
  return { found: true, deletionId: result.deletionId };
}

export const deletionPhases = ["user_events", "matching_events", "finishing", "done"] as const;

export interface UserDeletionStatus {
  id: string;
  projectId: string;
  phase: (typeof deletionPhases)[number];
  done: boolean;
  eventsTotal: number;
  eventsDeleted: number;
  requestedAt: Date;
  finishedAt: Date | null;
}

/** Where a deletion stands; null for an unknown id. */
export async function userDeletionStatus(
  prisma: PrismaClient,
  deletionId: string,
): Promise<UserDeletionStatus | null> {
  const row = await prisma.userDeletion.findUnique({
    where: { id: deletionId },
    select: {
      id: true,
      projectId: true,
      phase: true,
      eventsTotal: true,
      eventsDeleted: true,
      requestedAt: true,
      finishedAt: true,
    },
  });
  return row && { ...row, done: row.phase === "done" };
}
