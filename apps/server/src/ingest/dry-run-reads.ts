import type { PrismaClient } from "@inlet/db";
import type { BatchWrite } from "./batch-writes.ts";
import type { DryRunState } from "./dry-run.ts";
import { storedProperties, type StoredUser } from "./user-change-preview.ts";

const USER_FIELDS = {
  identifier: true,
  displayName: true,
  avatarUrl: true,
  properties: true,
} as const;

/**
 * Reads what a dry run's items depend on, and writes nothing: the visitor's link, the named
 * users as stored, which item ids exist, and (only when an item identifies) how many of the
 * visitor's events have no user.
 */
export async function readDryRunState(
  prisma: PrismaClient,
  projectId: string,
  anonymousId: string,
  writes: BatchWrite[],
): Promise<DryRunState> {
  const identifiers = new Set<string>();
  const keys = new Set<string>();
  for (const write of writes) {
    if (write.type === "event") {
      if (write.job.user) identifiers.add(write.job.user.identifier);
      if (write.job.event.idempotencyKey !== null) keys.add(write.job.event.idempotencyKey);
    } else if (write.type === "identify") identifiers.add(write.user.identifier);
    else if (write.change.identifier !== null) identifiers.add(write.change.identifier);
  }
  const identifies = writes.some((write) => write.type === "identify");
  const [link, users, stored, anonymousEvents] = await Promise.all([
    prisma.anonymousLink.findUnique({
      where: { projectId_anonymousId: { projectId, anonymousId } },
      select: { user: { select: USER_FIELDS } },
    }),
    identifiers.size === 0
      ? []
      : prisma.user.findMany({
          where: { projectId, identifier: { in: [...identifiers] } },
          select: USER_FIELDS,
        }),
    keys.size === 0
      ? []
      : prisma.idempotencyKey.findMany({
          where: { projectId, key: { in: [...keys] } },
          select: { key: true },
        }),
    identifies ? prisma.event.count({ where: { projectId, anonymousId, userId: null } }) : 0,
  ]);
  const named = link ? [...users, link.user] : users;
  return {
    linked: link?.user.identifier ?? null,
    users: new Map(
      named.map(({ identifier, properties, ...names }): [string, StoredUser] => [
        identifier,
        { ...names, properties: storedProperties(properties) },
      ]),
    ),
    storedKeys: new Set(stored.map((row) => row.key)),
    anonymousEvents,
  };
}
