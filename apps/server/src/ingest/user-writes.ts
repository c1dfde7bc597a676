import { randomUUID } from "node:crypto";
import type { UserDataOps } from "@inlet/ingest";
import { composeUserOps } from "./user-ops.ts";

// The parts of every statement that writes users: the event batches' and the identifies'
// and updates' (see ingest-statement.ts and identity-writes.ts).

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
const insertNewUsers = (source: string) =>
  `INSERT INTO users (id, project_id, identifier, display_name, avatar_url, properties, updated_at)
    SELECT i.id, i.project_id, i.identifier, i.display_name, i.avatar_url,
           ${appliedProperties("i", "'{}'::jsonb")}, now()
    FROM ${source} i`;

/**
 * How a user row written from the CTE `source` merges into the stored one: names sent win,
 * properties apply set-once, then set, then unset. Shared by every statement writing users.
 */
const mergeIntoStoredUser = (source: string) => `ON CONFLICT (project_id, identifier) DO UPDATE SET
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
const storedUserSays = (change: string, stored: string) =>
  `(${change}.display_name IS NULL OR ${change}.display_name = ${stored}.display_name)
      AND (${change}.avatar_url IS NULL OR ${change}.avatar_url = ${stored}.avatar_url)
      AND ${appliedProperties(change, `${stored}.properties`)} = ${stored}.properties`;

const userKey = (projectId: string, identifier: string) => `${projectId}\u0000${identifier}`;
/** A visitor's key, as links and adoptions are keyed. */
export const visitorKey = (projectId: string, anonymousId: string) =>
  userKey(projectId, anonymousId);

/**
 * The values in the order of their keys: statements that write rows in a fixed order lock
 * them in the same order, so concurrent ones cannot deadlock on them.
 */
export const inKeyOrder = <T>(byKey: Map<string, T>): T[] =>
  [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, value]) => value);

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
  return inKeyOrder(merged).map((user) => ({ ...user, ops: composeUserOps(user.ops) }));
}

/** A visitor linked to a user, the user named by identifier. */
export interface LinkByIdentifier {
  projectId: string;
  anonymousId: string;
  identifier: string;
}

// Inputs travel as JSON, one document per kind of row: one string the driver sends as is,
// where an array per column cost the server an escaped copy of every value.
const USER_COLUMNS = [
  ["id", "uuid"],
  ["project_id", "uuid"],
  ["identifier", "text"],
  ["display_name", "text"],
  ["avatar_url", "text"],
  ["set_ops", "jsonb"],
  ["set_once_ops", "jsonb"],
  ["unset_ops", "jsonb"],
  ["ord", "int"],
] as const;
const LINK_COLUMNS = [
  ["project_id", "uuid"],
  ["anonymous_id", "text"],
  ["identifier", "text"],
  ["ord", "int"],
] as const;

/** `json_to_recordset($n::json) AS alias(column type, …)`. */
export function recordsOf(
  columns: readonly (readonly [string, string])[],
  param: number,
  alias: string,
): string {
  const names = columns.map(([name, type]) => `${name} ${type}`).join(", ");
  return `json_to_recordset($${param}::json) AS ${alias}(${names})`;
}

/** The visitors of `linkRecords` at `$param`, aliased `alias`. */
export const linksOf = (param: number, alias: string) => recordsOf(LINK_COLUMNS, param, alias);

/**
 * The CTEs `users_in` … `user_ids` that write the users of `userRecords` at `$param`
 * (`user_ids`: id, project_id and identifier of each). A user whose stored row already
 * says what the change says (storedUserSays) is only read; the others are upserted. With
 * `lock`, the read is under FOR KEY SHARE, the lock a row referencing the user (an event,
 * a link) takes anyway, so a user changed or deleted meanwhile is re-checked and upserted.
 * Each user is looked up by its key, in the input's order: a subquery that locks (or
 * without a lock, one with OFFSET 0) is never merged into a join, so the planner cannot
 * trade the lookups for a scan of every user.
 */
export function userCtes(param: number, lock: boolean): string {
  return `users_in AS (
    SELECT * FROM ${recordsOf(USER_COLUMNS, param, "i")}
  ), unchanged_users AS (
    SELECT u.id, u.project_id, u.identifier
    FROM (SELECT * FROM users_in ORDER BY ord) i CROSS JOIN LATERAL (
      SELECT * FROM users u
      WHERE u.project_id = i.project_id AND u.identifier = i.identifier
      ${lock ? "FOR KEY SHARE" : "OFFSET 0"}
    ) u
    WHERE ${storedUserSays("i", "u")}
  ), upserted AS (
    ${insertNewUsers("users_in")}
    WHERE NOT EXISTS (SELECT 1 FROM unchanged_users c
                      WHERE c.project_id = i.project_id AND c.identifier = i.identifier)
    ORDER BY i.ord
    ${mergeIntoStoredUser("users_in")}
    RETURNING id, project_id, identifier
  ), user_ids AS (
    SELECT id, project_id, identifier FROM upserted
    UNION ALL SELECT id, project_id, identifier FROM unchanged_users
  )`;
}

/**
 * The CTE `linked`: each visitor of `linkRecords` at `$param` linked to its user from
 * `user_ids`, in the input's order; a link already pointing at the user is left alone.
 */
export const linkedCte = (param: number) => `linked AS (
    INSERT INTO anonymous_links (project_id, anonymous_id, user_id)
    SELECT k.project_id, k.anonymous_id, ui.id
    FROM ${linksOf(param, "k")}
    JOIN user_ids ui ON ui.project_id = k.project_id AND ui.identifier = k.identifier
    ORDER BY k.ord
    ON CONFLICT (project_id, anonymous_id) DO UPDATE SET user_id = EXCLUDED.user_id
      WHERE anonymous_links.user_id IS DISTINCT FROM EXCLUDED.user_id
  )`;

/** The users' parameter of `userCtes`. */
export const userRecords = (users: MergedUser[]) =>
  JSON.stringify(
    users.map((u, ord) => ({
      id: randomUUID(),
      project_id: u.projectId,
      identifier: u.identifier,
      display_name: u.displayName,
      avatar_url: u.avatarUrl,
      set_ops: u.ops.set,
      set_once_ops: u.ops.setOnce,
      unset_ops: u.ops.unset,
      ord,
    })),
  );

/** The visitors' parameter of `linkedCte` and `linksOf`. */
export const linkRecords = (links: LinkByIdentifier[]) =>
  JSON.stringify(
    links.map((l, ord) => ({
      project_id: l.projectId,
      anonymous_id: l.anonymousId,
      identifier: l.identifier,
      ord,
    })),
  );
