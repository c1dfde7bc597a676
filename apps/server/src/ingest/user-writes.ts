import type { UserDataOps } from "@inlet/ingest";
import { composeUserOps } from "./user-ops.ts";

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

/** The properties `stored` become under the operations of the change row `change`. */
const appliedProperties = (change: string, stored: string) =>
  `((${change}.set_once_ops || ${stored}) || ${change}.set_ops) - ARRAY(SELECT jsonb_array_elements_text(${change}.unset_ops))`;

/**
 * The insert of users from the CTE `source` (aliased `i`, for the caller's WHERE), with the
 * columns `mergeIntoStoredUser` reads: a new user's properties are its operations applied
 * to none.
 */
export const insertNewUsers = (source: string) =>
  `INSERT INTO users (id, project_id, identifier, display_name, avatar_url, properties, updated_at)
    SELECT i.id, i.project_id, i.identifier, i.display_name, i.avatar_url,
           ${appliedProperties("i", "'{}'::jsonb")}, now()
    FROM ${source} i`;

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
        SELECT ${appliedProperties("i", "users.properties")}
        FROM ${source} i WHERE i.project_id = EXCLUDED.project_id AND i.identifier = EXCLUDED.identifier
      ),
      updated_at = now()`;

/**
 * Whether the stored user row `stored` already says all that the change row `change` says:
 * the same name and avatar where given, and properties its operations leave as they are.
 * Such a change is not written: a backend re-sending what a user already has (the same name
 * at every sign-in, the same plan with every call) would otherwise cost a new row version,
 * its WAL and a row lock that concurrent writes of the user queue on, and move `updated_at`
 * though nothing changed.
 */
export const storedUserSays = (change: string, stored: string) =>
  `(${change}.display_name IS NULL OR ${change}.display_name = ${stored}.display_name)
      AND (${change}.avatar_url IS NULL OR ${change}.avatar_url = ${stored}.avatar_url)
      AND ${appliedProperties(change, `${stored}.properties`)} = ${stored}.properties`;

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
