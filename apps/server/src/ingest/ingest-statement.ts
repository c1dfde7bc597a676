import type { CatalogProbe } from "./catalog-cache.ts";
import {
  CATALOG_COLUMNS,
  CATALOG_JOINS,
  catalogCtes,
  shardParameter,
  type CatalogColumns,
} from "./catalog-writes.ts";
import type { EventRow } from "./event-row.ts";
import {
  linkRecords,
  linkedCte,
  recordsOf,
  userCtes,
  userRecords,
  type LinkByIdentifier,
  type MergedUser,
} from "./user-writes.ts";

// The one statement that stores a batch of tracked events: its users, the events, the
// visitor links they make, the counters and the catalogue. One statement is one round trip
// and atomic on its own (no transaction to open and commit), and as a prepared statement
// each connection parses and plans it once.
//
// Users: a named user whose stored row already says what the event says is only read, under
// the lock the event's foreign key takes anyway, not rewritten (see userCtes): under
// identified traffic most events name a known user, and rewriting the row each time costs a
// row version, WAL and a row lock that concurrent batches would queue on.
//
// Events: one sent without a user takes its visitor's user: one an earlier event of this
// batch linked (its `user_identifier` is passed in), else the link stored before the
// statement. Links the batch makes are written by the same statement, which cannot see
// them: an event earlier in the batch is never credited through a later event's link. A
// link already pointing at the user is left alone. An event with an idempotency key is
// stored only when its key is new to the project (a key repeated within the statement
// counts once). Each stored row comes back with the identifier of the user it was stored
// under, so Live shows the same user: a user the statement wrote is known from its CTE, one
// a stored link named is looked up by key for that row alone (a join let the planner read
// the whole users table on every batch).

// The events travel as JSON, as the users and links do (see user-writes.ts).
const EVENT_COLUMNS = [
  ["id", "uuid"],
  ["project_id", "uuid"],
  ["token_id", "uuid"],
  ["user_identifier", "text"],
  ["anonymous_id", "text"],
  ["name", "text"],
  ["url", "text"],
  ["custom_data", "jsonb"],
  ["context_id", "text"],
  ["user_agent", "text"],
  ["browser", "text"],
  ["os", "text"],
  ["device_type", "text"],
  ["referrer", "text"],
  ["sdk", "text"],
  ["sdk_version", "text"],
  ["idempotency_key", "text"],
  ["batch_id", "uuid"],
  ["occurred_at", "timestamptz"],
  ["received_at", "timestamptz"],
] as const;
// Read by the catalogue CTEs: the value kinds, and what the catalogue cache left to probe.
const PROBE_COLUMNS = [
  ["kinds", "jsonb"],
  ["name_unknown", "boolean"],
  ["unknown_keys", "jsonb"],
] as const;
const STORED_COLUMNS = EVENT_COLUMNS.map(([name]) =>
  name === "user_identifier" ? "user_id" : name,
);

/**
 * The statement's text: with `users`, the CTEs that write users and links; without, an
 * empty `user_ids` (a batch of anonymous events writes no user, so it does not pay for
 * opening those tables). Its parameters are the same either way.
 */
function storeEvents(users: boolean): string {
  const userWrites = users
    ? userCtes(2, true)
    : `user_ids AS (
    SELECT NULL::uuid AS id, NULL::uuid AS project_id, NULL::text AS identifier
    WHERE $2::json IS NULL AND $3::json IS NULL
  )`;
  return `
  WITH input AS (
    SELECT * FROM ${recordsOf([...EVENT_COLUMNS, ...PROBE_COLUMNS], 1, "t")}
  ), ${userWrites}, claimed_keys AS (
    INSERT INTO idempotency_keys (project_id, key, event_id)
    SELECT project_id, idempotency_key, id FROM input WHERE idempotency_key IS NOT NULL
    ON CONFLICT (project_id, key) DO NOTHING
    RETURNING event_id
  ), stored AS (
    INSERT INTO events (${STORED_COLUMNS.join(", ")})
    SELECT ${STORED_COLUMNS.map((name) => (name === "user_id" ? "COALESCE(ui.id, l.user_id)" : `t.${name}`)).join(", ")}
    FROM input t
    LEFT JOIN user_ids ui ON ui.project_id = t.project_id AND ui.identifier = t.user_identifier
    LEFT JOIN anonymous_links l ON l.project_id = t.project_id AND l.anonymous_id = t.anonymous_id
    WHERE t.idempotency_key IS NULL OR t.id IN (SELECT event_id FROM claimed_keys)
    RETURNING id, user_id, project_id, name, occurred_at, received_at
  )${users ? `, ${linkedCte(3)}` : ""}${catalogCtes(4)}
  SELECT stored.id,
    COALESCE(ui.identifier, (SELECT u.identifier FROM users u WHERE u.id = stored.user_id)) AS identifier,
    ${CATALOG_COLUMNS}
  FROM stored
  LEFT JOIN user_ids ui ON ui.id = stored.user_id${CATALOG_JOINS}`;
}

/** The statement for batches that name users or link visitors, and its prepared name. */
export const STORE_WITH_USERS = { name: "inlet_store_events_users", text: storeEvents(true) };
/** The statement for batches of anonymous events only. */
export const STORE_ANONYMOUS = { name: "inlet_store_events", text: storeEvents(false) };

export interface StoredRow extends CatalogColumns {
  identifier: string | null;
}

export interface StatementInput {
  events: EventRow[];
  /** Per event, the identifier of the user it is stored under; null: its visitor's link. */
  userIdentifiers: (string | null)[];
  users: MergedUser[];
  links: LinkByIdentifier[];
  probe: CatalogProbe;
}

export function statementParameters(input: StatementInput): unknown[] {
  const { events, userIdentifiers, users, links, probe } = input;
  const eventRecords = events.map((e, i) => ({
    id: e.id,
    project_id: e.projectId,
    token_id: e.tokenId,
    user_identifier: userIdentifiers[i],
    anonymous_id: e.anonymousId,
    name: e.name,
    url: e.url,
    custom_data: e.customData,
    context_id: e.contextId,
    user_agent: e.userAgent,
    browser: e.browser,
    os: e.os,
    device_type: e.deviceType,
    referrer: e.referrer,
    sdk: e.sdk,
    sdk_version: e.sdkVersion,
    idempotency_key: e.idempotencyKey,
    batch_id: e.batchId,
    occurred_at: e.occurredAt.toISOString(),
    received_at: e.receivedAt.toISOString(),
    kinds: e.customDataKinds,
    name_unknown: probe.nameUnknown[i],
    unknown_keys: probe.unknownKeys[i],
  }));
  return [JSON.stringify(eventRecords), userRecords(users), linkRecords(links), shardParameter()];
}
