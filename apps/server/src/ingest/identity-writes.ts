import { randomUUID } from "node:crypto";
import type { SqlQuery } from "@inlet/db";
import { updatedUser } from "@inlet/ingest";
import {
  insertNewUsers,
  mergeIntoStoredUser,
  mergeUsers,
  storedUserSays,
  type UserChange,
} from "./user-writes.ts";

// The writes of `/i` and `/u`. Each is one statement, atomic on its own, sent straight
// through the driver as a prepared statement (no Prisma round trips): alone when nothing
// else is being written, else in one transaction with the identifies and updates that
// arrived meanwhile (see write-group.ts); a `POST /batch` runs its items in order in its
// own transaction (see batch-writes.ts).

/** One user's change as the statements' input row: $1–$8. */
const USER_INPUT = `SELECT $1::uuid AS id, $2::uuid AS project_id, $3::text AS identifier,
    $4::text AS display_name, $5::text AS avatar_url, $6::jsonb AS set_ops,
    $7::jsonb AS set_once_ops, $8::jsonb AS unset_ops`;
// A user whose stored row already says what the request says is not rewritten (see
// storedUserSays); the upsert writes the others.
const UNCHANGED_USER = `SELECT u.id FROM input i
    JOIN users u ON u.project_id = i.project_id AND u.identifier = i.identifier
    WHERE ${storedUserSays("i", "u")}`;
const UPSERT_USER = `${insertNewUsers("input")}
    WHERE NOT EXISTS (SELECT 1 FROM unchanged)
    ${mergeIntoStoredUser("input")}
    RETURNING id`;

// The visitor ($9) is linked to the user and its events without a user adopted. The
// statement's snapshot is taken before the link is written, as the last of three
// statements' was: either way the link is invisible to others until commit, so the same
// concurrent events are missed (they are stored under the link once it is visible). The
// adoption reads the partial index of events without a user (decision 022): it walks only
// the visitor's unadopted events, not every event it sent. An unchanged user is read under
// the lock the link's foreign key takes anyway, so one changed or deleted meanwhile is
// re-checked, then upserted, as the event statement does; a link already pointing at the
// user is left alone.
const IDENTIFY = {
  name: "inlet_identify",
  text: `WITH input AS (${USER_INPUT}), unchanged AS (${UNCHANGED_USER} FOR KEY SHARE OF u),
  upserted AS (${UPSERT_USER}),
  user_row AS (SELECT id FROM upserted UNION ALL SELECT id FROM unchanged), linked AS (
    INSERT INTO anonymous_links (project_id, anonymous_id, user_id)
    SELECT $2::uuid, $9::text, id FROM user_row
    ON CONFLICT (project_id, anonymous_id) DO UPDATE SET user_id = EXCLUDED.user_id
      WHERE anonymous_links.user_id IS DISTINCT FROM EXCLUDED.user_id
  ), adopted AS (
    UPDATE events SET user_id = (SELECT id FROM user_row)
    WHERE project_id = $2::uuid AND anonymous_id = $9::text AND user_id IS NULL
    RETURNING 1
  )
  SELECT count(*)::int AS adopted FROM adopted`,
};
// Without a lock, an update that changes nothing only reads: it commits without a WAL flush.
const UPDATE_USER = {
  name: "inlet_update_user",
  text: `WITH input AS (${USER_INPUT}), unchanged AS (${UNCHANGED_USER}) ${UPSERT_USER}`,
};
const LINKED_USER = {
  name: "inlet_linked_user",
  text: `SELECT u.identifier FROM anonymous_links l JOIN users u ON u.id = l.user_id
    WHERE l.project_id = $1::uuid AND l.anonymous_id = $2::text`,
};

function userParameters(projectId: string, change: UserChange): unknown[] {
  const [user] = mergeUsers([{ projectId, change }]);
  if (!user) throw new Error("no user change to write");
  const { ops } = user;
  return [
    randomUUID(),
    projectId,
    user.identifier,
    user.displayName,
    user.avatarUrl,
    JSON.stringify(ops.set),
    JSON.stringify(ops.setOnce),
    JSON.stringify(ops.unset),
  ];
}

/**
 * Links the anonymous id to the user (replacing any earlier link) and adopts that
 * visitor's earlier anonymous events. An event that has a user keeps it: it was sent
 * for that user, or credited to it through this visitor's earlier link. Returns how
 * many events were adopted.
 */
export async function identifyVisitor(
  sql: SqlQuery,
  projectId: string,
  anonymousId: string,
  user: UserChange,
): Promise<number> {
  const [row] = await sql.query<{ adopted: number }>(
    IDENTIFY.text,
    [...userParameters(projectId, user), anonymousId],
    IDENTIFY.name,
  );
  return row?.adopted ?? 0;
}

export type UserUpdate = Omit<UserChange, "identifier"> & { identifier: string | null };

/**
 * Updates the user named by identifier (created if new), else the one linked to the
 * anonymous id. Returns the identifier of the user updated, null when none was found.
 */
export async function updateVisitorUser(
  sql: SqlQuery,
  projectId: string,
  anonymousId: string,
  change: UserUpdate,
): Promise<string | null> {
  // The link is read only when it can decide: a named user needs no lookup.
  const linked =
    change.identifier === null
      ? ((
          await sql.query<{ identifier: string }>(
            LINKED_USER.text,
            [projectId, anonymousId],
            LINKED_USER.name,
          )
        )[0]?.identifier ?? null)
      : null;
  const { user: identifier } = updatedUser(change.identifier, linked);
  if (!identifier) return null;
  await sql.query(
    UPDATE_USER.text,
    userParameters(projectId, { ...change, identifier }),
    UPDATE_USER.name,
  );
  return identifier;
}
