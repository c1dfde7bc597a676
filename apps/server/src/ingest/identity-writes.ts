import type { SqlQuery } from "@inlet/db";
import {
  linksToRead,
  planUserWrites,
  type UserWrite,
  type UserWritten,
} from "./user-write-plan.ts";
import {
  linkRecords,
  linkedCte,
  linksOf,
  userCtes,
  userRecords,
  visitorKey,
} from "./user-writes.ts";

// The writes of `/i` and `/u`: a group of them gathered while the one before committed (see
// write-group.ts), or those between the events of a `POST /batch`, inside its transaction
// (see batch-writes.ts). However many, they are one statement, folded in order beforehand
// (see user-write-plan.ts): one round trip, atomic on its own, prepared once per connection,
// and a visitor every write of a group relinks (a backend's, shared by all its users) is
// written once. Only an update that names no user may first read its visitor's link.
//
// The statement upserts the users, links the visitors and has each identified visitor's
// events without a user adopted by its user: an event that has a user keeps it (it was sent
// for that user, or credited to it through the visitor's earlier link). The adoption reads
// the partial index of events without a user (decision 022): it walks only the visitor's
// unadopted events. The statement's snapshot is taken before its links are written, and the
// links are invisible to others until commit, so events stored meanwhile under the old link
// are missed either way (they are stored under the new link once it is visible).

function userWritesStatement(lock: boolean): string {
  return `WITH ${userCtes(1, lock)}, ${linkedCte(2)}, adopted AS (
    UPDATE events e SET user_id = a.user_id
    FROM (
      SELECT k.project_id, k.anonymous_id, ui.id AS user_id
      FROM ${linksOf(3, "k")}
      JOIN user_ids ui ON ui.project_id = k.project_id AND ui.identifier = k.identifier
    ) a
    WHERE e.project_id = a.project_id AND e.anonymous_id = a.anonymous_id AND e.user_id IS NULL
    RETURNING e.project_id, e.anonymous_id
  )
  SELECT project_id::text AS project_id, anonymous_id, count(*)::int AS adopted
  FROM adopted GROUP BY 1, 2`;
}
/** Writes that link visitors: a user only read is locked, as the links reference it. */
const LINKING = { name: "inlet_user_writes", text: userWritesStatement(true) };
// Updates alone reference nothing: without a lock, one that changes nothing only reads,
// and commits without a WAL flush.
const UPDATING = { name: "inlet_user_updates", text: userWritesStatement(false) };

const STORED_LINKS = {
  name: "inlet_stored_links",
  text: `SELECT k.project_id::text AS project_id, k.anonymous_id, u.identifier
    FROM json_to_recordset($1::json) AS k(project_id uuid, anonymous_id text)
    JOIN anonymous_links l ON l.project_id = k.project_id AND l.anonymous_id = k.anonymous_id
    JOIN users u ON u.id = l.user_id`,
};

interface VisitorRow {
  project_id: string;
  anonymous_id: string;
}

/** The identifiers the visitors of `linksToRead` are linked to, by visitorKey. */
async function readLinks(sql: SqlQuery, writes: UserWrite[]): Promise<Map<string, string>> {
  const visitors = linksToRead(writes);
  if (visitors.length === 0) return new Map();
  const input = visitors.map((v) => ({ project_id: v.projectId, anonymous_id: v.anonymousId }));
  const rows = await sql.query<VisitorRow & { identifier: string }>(
    STORED_LINKS.text,
    [JSON.stringify(input)],
    STORED_LINKS.name,
  );
  return new Map(rows.map((row) => [visitorKey(row.project_id, row.anonymous_id), row.identifier]));
}

/** Applies `/i` and `/u` writes in their order; each write's answer, in the same order. */
export async function applyUserWrites(sql: SqlQuery, writes: UserWrite[]): Promise<UserWritten[]> {
  const plan = planUserWrites(writes, await readLinks(sql, writes));
  // Only updates that found no user: nothing to write.
  if (plan.users.length === 0) return plan.answer(new Map());
  const statement = plan.links.length > 0 ? LINKING : UPDATING;
  const rows = await sql.query<VisitorRow & { adopted: number }>(
    statement.text,
    [userRecords(plan.users), linkRecords(plan.links), linkRecords(plan.adoptions)],
    statement.name,
  );
  return plan.answer(
    new Map(rows.map((row) => [visitorKey(row.project_id, row.anonymous_id), row.adopted])),
  );
}
