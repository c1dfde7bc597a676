import type { Prisma } from "@inlet/db";
import { updatedUser } from "@inlet/ingest";
import { linkAnonymousIds, upsertUsers, userKey, type UserChange } from "./user-writes.ts";

type Tx = Prisma.TransactionClient;

// The writes of `/i` and `/u`, inside a caller's transaction: a single request runs one
// in a transaction of its own, a `POST /batch` runs its items in order in one.

/** Upserts one user and returns its id. */
async function upsertUser(tx: Tx, projectId: string, change: UserChange): Promise<string> {
  const ids = await upsertUsers(tx, [{ projectId, change }]);
  const id = ids.get(userKey(projectId, change.identifier));
  if (!id) throw new Error("user upsert returned no row");
  return id;
}

/**
 * Links the anonymous id to the user (replacing any earlier link) and adopts that
 * visitor's earlier anonymous events. An event that has a user keeps it: it was sent
 * for that user, or credited to it through this visitor's earlier link. Returns how
 * many events were adopted.
 */
export async function identifyVisitor(
  tx: Tx,
  projectId: string,
  anonymousId: string,
  user: UserChange,
): Promise<number> {
  const userId = await upsertUser(tx, projectId, user);
  await linkAnonymousIds(tx, [{ projectId, anonymousId, userId }]);
  return tx.$executeRaw`
    UPDATE events SET user_id = ${userId}::uuid
    WHERE project_id = ${projectId}::uuid AND anonymous_id = ${anonymousId}
      AND user_id IS NULL`;
}

export type UserUpdate = Omit<UserChange, "identifier"> & { identifier: string | null };

/**
 * Updates the user named by identifier (created if new), else the one linked to the
 * anonymous id. Returns the identifier of the user updated, null when none was found.
 */
export async function updateVisitorUser(
  tx: Tx,
  projectId: string,
  anonymousId: string,
  change: UserUpdate,
): Promise<string | null> {
  // The link is read only when it can decide: a named user needs no lookup.
  const linked =
    change.identifier === null
      ? ((
          await tx.anonymousLink.findUnique({
            where: { projectId_anonymousId: { projectId, anonymousId } },
            select: { user: { select: { identifier: true } } },
          })
        )?.user.identifier ?? null)
      : null;
  const { user: identifier } = updatedUser(change.identifier, linked);
  if (!identifier) return null;
  await upsertUser(tx, projectId, { ...change, identifier });
  return identifier;
}
