import { randomUUID } from "node:crypto";
import { Prisma } from "@inlet/db";
import type { UserDataOps } from "@inlet/ingest";
import { composeUserOps } from "./user-ops.ts";

type Tx = Prisma.TransactionClient;

export interface UserChange {
  identifier: string;
  displayName: string | null;
  avatarUrl: string | null;
  ops: UserDataOps | null;
}

export interface UserUpsert {
  projectId: string;
  change: UserChange;
}

export interface AnonymousLink {
  projectId: string;
  anonymousId: string;
  userId: string;
}

/**
 * How a user row written from the CTE `source` merges into the stored one: names sent win,
 * properties apply set-once, then set, then unset. Shared by every statement writing users.
 */
export const mergeIntoStoredUser = (
  source: string,
) => `ON CONFLICT (project_id, identifier) DO UPDATE SET
      display_name = COALESCE(EXCLUDED.display_name, users.display_name),
      avatar_url = COALESCE(EXCLUDED.avatar_url, users.avatar_url),
      properties = (
        SELECT ((i.set_once_ops || users.properties) || i.set_ops) - ARRAY(SELECT jsonb_array_elements_text(i.unset_ops))
        FROM ${source} i WHERE i.project_id = EXCLUDED.project_id AND i.identifier = EXCLUDED.identifier
      ),
      updated_at = now()`;

export const userKey = (projectId: string, identifier: string) => `${projectId}\u0000${identifier}`;

export interface MergedUser {
  projectId: string;
  identifier: string;
  displayName: string | null;
  avatarUrl: string | null;
  /** The user's property operations, composed in the order they were sent. */
  ops: UserDataOps;
}

/**
 * One entry per named user, its changes merged in order (the latest name and avatar given,
 * property operations composed), sorted by `userKey`: a fixed order means concurrent
 * statements lock the same rows in the same order.
 */
export function mergeUsers(upserts: UserUpsert[]): MergedUser[] {
  const merged = new Map<string, Omit<MergedUser, "ops"> & { ops: UserDataOps[] }>();
  for (const { projectId, change } of upserts) {
    const key = userKey(projectId, change.identifier);
    const entry = merged.get(key) ?? {
      projectId,
      identifier: change.identifier,
      displayName: null,
      avatarUrl: null,
      ops: [],
    };
    entry.displayName = change.displayName ?? entry.displayName;
    entry.avatarUrl = change.avatarUrl ?? entry.avatarUrl;
    if (change.ops) entry.ops.push(change.ops);
    merged.set(key, entry);
  }
  return [...merged.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, user]) => ({ ...user, ops: composeUserOps(user.ops) }));
}

/**
 * One statement upserts every named user: created if new, name and avatar updated when
 * given, property operations composed in order and applied under the row lock, so
 * concurrent updates of one user lose nothing. Returns user ids by `userKey`.
 */
export async function upsertUsers(tx: Tx, upserts: UserUpsert[]): Promise<Map<string, string>> {
  const users = mergeUsers(upserts);
  if (users.length === 0) return new Map();
  const ops = users.map((user) => user.ops);
  const rows = await tx.$queryRaw<{ id: string; project_id: string; identifier: string }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${users.map(() => randomUUID())}::uuid[], ${users.map((u) => u.projectId)}::uuid[],
        ${users.map((u) => u.identifier)}::text[], ${users.map((u) => u.displayName)}::text[],
        ${users.map((u) => u.avatarUrl)}::text[], ${ops.map((o) => JSON.stringify(o.set))}::jsonb[],
        ${ops.map((o) => JSON.stringify(o.setOnce))}::jsonb[], ${ops.map((o) => JSON.stringify(o.unset))}::jsonb[]
      ) AS t(id, project_id, identifier, display_name, avatar_url, set_ops, set_once_ops, unset_ops)
    )
    INSERT INTO users (id, project_id, identifier, display_name, avatar_url, properties, updated_at)
    SELECT id, project_id, identifier, display_name, avatar_url,
           (set_once_ops || set_ops) - ARRAY(SELECT jsonb_array_elements_text(unset_ops)), now()
    FROM input
    ${Prisma.raw(mergeIntoStoredUser("input"))}
    RETURNING id, project_id, identifier`;
  return new Map(rows.map((row) => [userKey(row.project_id, row.identifier), row.id]));
}

/** Links each identified visitor to its user (the batch's last word wins) in one statement. */
export async function linkAnonymousIds(tx: Tx, links: AnonymousLink[]) {
  const latest = new Map(links.map((link) => [userKey(link.projectId, link.anonymousId), link]));
  if (latest.size === 0) return;
  const rows = [...latest.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, link]) => link);
  await tx.$executeRaw`
    INSERT INTO anonymous_links (project_id, anonymous_id, user_id)
    SELECT * FROM unnest(${rows.map((r) => r.projectId)}::uuid[], ${rows.map((r) => r.anonymousId)}::text[], ${rows.map((r) => r.userId)}::uuid[])
    ON CONFLICT (project_id, anonymous_id) DO UPDATE SET user_id = EXCLUDED.user_id`;
}
