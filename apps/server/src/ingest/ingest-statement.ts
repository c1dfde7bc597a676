import { randomUUID } from "node:crypto";
import type { CatalogProbe } from "./catalog-cache.ts";
import {
  CATALOG_COLUMNS,
  CATALOG_JOINS,
  catalogCtes,
  kindsParameter,
  shardParameter,
  type CatalogColumns,
} from "./catalog-writes.ts";
import type { EventRow } from "./event-row.ts";
import type { MergedUser } from "./user-writes.ts";

// The one statement that stores a batch of tracked events: its users, the events, the
// visitor links they make, the counters and the catalogue. One statement is one round trip
// and atomic on its own (no transaction to open and commit), and as a prepared statement
// each connection parses and plans it once.
//
// Users: a named user whose stored row already says what the event says (same name and
// avatar when given, no property operations) is only read, under FOR KEY SHARE (the lock
// the event's foreign key takes anyway), not rewritten: under identified traffic most
// events name a known user, and rewriting the row each time costs a row version, WAL and
// a row lock that concurrent batches would queue on. A row another transaction changed
// or deleted since the statement's snapshot is re-checked under the lock and, when it no
// longer matches, upserted as before, so the latest committed change always wins.
//
// Events: one sent without a user takes its visitor's user: one an earlier event of this
// batch linked (its `user_identifier` is passed in), else the link stored before the
// statement. Links the batch makes are written by the same statement, which cannot see
// them: an event earlier in the batch is never credited through a later event's link. A
// link already pointing at the user is left alone. An event with an idempotency key is
// stored only when its key is new to the project (a key repeated within the statement
// counts once). Each stored row comes back with the identifier of the user it was stored
// under, so Live shows the same user.

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
  ["received_at", "timestamptz"],
] as const;
const USER_COLUMNS = [
  ["id", "uuid"],
  ["project_id", "uuid"],
  ["identifier", "text"],
  ["display_name", "text"],
  ["avatar_url", "text"],
  ["set_ops", "jsonb"],
  ["set_once_ops", "jsonb"],
  ["unset_ops", "jsonb"],
] as const;
const LINK_COLUMNS = [
  ["project_id", "uuid"],
  ["anonymous_id", "text"],
  ["identifier", "text"],
] as const;

/** `unnest($n::type[], …) WITH ORDINALITY AS alias(columns…, ord)` from parameter `first` on. */
function unnestFrom(columns: readonly (readonly [string, string])[], first: number, alias: string) {
  const arrays = columns.map(([, type], i) => `$${first + i}::${type}[]`).join(", ");
  const names = columns.map(([name]) => name).join(", ");
  return `unnest(${arrays}) WITH ORDINALITY AS ${alias}(${names}, ord)`;
}

const USERS_FROM = EVENT_COLUMNS.length + 5;
const LINKS_FROM = USERS_FROM + USER_COLUMNS.length;
const STORED_COLUMNS = EVENT_COLUMNS.map(([name]) =>
  name === "user_identifier" ? "user_id" : name,
);

export const INSERT_EVENTS_NAME = "inlet_store_events";

export const INSERT_EVENTS = `
  WITH input AS (
    SELECT * FROM ${unnestFrom(EVENT_COLUMNS, 1, "t")}
  ), users_in AS (
    SELECT * FROM ${unnestFrom(USER_COLUMNS, USERS_FROM, "i")}
  ), unchanged_users AS (
    SELECT u.id, u.project_id, u.identifier
    FROM users_in i JOIN users u ON u.project_id = i.project_id AND u.identifier = i.identifier
    WHERE i.set_ops = '{}' AND i.set_once_ops = '{}' AND i.unset_ops = '[]'
      AND (i.display_name IS NULL OR i.display_name = u.display_name)
      AND (i.avatar_url IS NULL OR i.avatar_url = u.avatar_url)
    ORDER BY i.ord
    FOR KEY SHARE OF u
  ), upserted AS (
    INSERT INTO users (id, project_id, identifier, display_name, avatar_url, properties, updated_at)
    SELECT id, project_id, identifier, display_name, avatar_url,
           (set_once_ops || set_ops) - ARRAY(SELECT jsonb_array_elements_text(unset_ops)), now()
    FROM users_in i
    WHERE NOT EXISTS (SELECT 1 FROM unchanged_users c
                      WHERE c.project_id = i.project_id AND c.identifier = i.identifier)
    ORDER BY i.ord
    ON CONFLICT (project_id, identifier) DO UPDATE SET
      display_name = COALESCE(EXCLUDED.display_name, users.display_name),
      avatar_url = COALESCE(EXCLUDED.avatar_url, users.avatar_url),
      properties = (
        SELECT ((i.set_once_ops || users.properties) || i.set_ops) - ARRAY(SELECT jsonb_array_elements_text(i.unset_ops))
        FROM users_in i WHERE i.project_id = EXCLUDED.project_id AND i.identifier = EXCLUDED.identifier
      ),
      updated_at = now()
    RETURNING id, project_id, identifier
  ), user_ids AS (
    SELECT id, project_id, identifier FROM upserted
    UNION ALL SELECT id, project_id, identifier FROM unchanged_users
  ), claimed_keys AS (
    INSERT INTO idempotency_keys (project_id, key, event_id)
    SELECT project_id, idempotency_key, id FROM input WHERE idempotency_key IS NOT NULL
    ON CONFLICT (project_id, key) DO NOTHING
    RETURNING event_id
  ), stored AS (
    INSERT INTO events (${STORED_COLUMNS.join(", ")}, occurred_at)
    SELECT ${STORED_COLUMNS.map((name) => (name === "user_id" ? "COALESCE(ui.id, l.user_id)" : `t.${name}`)).join(", ")}, t.received_at
    FROM input t
    LEFT JOIN user_ids ui ON ui.project_id = t.project_id AND ui.identifier = t.user_identifier
    LEFT JOIN anonymous_links l ON l.project_id = t.project_id AND l.anonymous_id = t.anonymous_id
    WHERE t.idempotency_key IS NULL OR t.id IN (SELECT event_id FROM claimed_keys)
    RETURNING id, user_id, project_id, name, occurred_at, received_at
  ), linked AS (
    INSERT INTO anonymous_links (project_id, anonymous_id, user_id)
    SELECT k.project_id, k.anonymous_id, ui.id
    FROM ${unnestFrom(LINK_COLUMNS, LINKS_FROM, "k")}
    JOIN user_ids ui ON ui.project_id = k.project_id AND ui.identifier = k.identifier
    ORDER BY k.ord
    ON CONFLICT (project_id, anonymous_id) DO UPDATE SET user_id = EXCLUDED.user_id
      WHERE anonymous_links.user_id IS DISTINCT FROM EXCLUDED.user_id
  )${catalogCtes({
    ids: 1,
    kinds: EVENT_COLUMNS.length + 1,
    shard: EVENT_COLUMNS.length + 2,
    nameUnknown: EVENT_COLUMNS.length + 3,
    unknownKeys: EVENT_COLUMNS.length + 4,
  })}
  SELECT stored.id, COALESCE(ui.identifier, u.identifier) AS identifier, ${CATALOG_COLUMNS}
  FROM stored
  LEFT JOIN user_ids ui ON ui.id = stored.user_id
  LEFT JOIN users u ON u.id = stored.user_id AND ui.id IS NULL${CATALOG_JOINS}`;

export interface StoredRow extends CatalogColumns {
  identifier: string | null;
}

/** A visitor the batch links to a user, the user named by identifier. */
export interface LinkByIdentifier {
  projectId: string;
  anonymousId: string;
  identifier: string;
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
  const { events, users, links, probe } = input;
  const column = <T>(pick: (event: EventRow) => T) => events.map(pick);
  return [
    column((e) => e.id),
    column((e) => e.projectId),
    column((e) => e.tokenId),
    input.userIdentifiers,
    column((e) => e.anonymousId),
    column((e) => e.name),
    column((e) => e.url),
    column((e) => JSON.stringify(e.customData)),
    column((e) => e.contextId),
    column((e) => e.userAgent),
    column((e) => e.browser),
    column((e) => e.os),
    column((e) => e.deviceType),
    column((e) => e.referrer),
    column((e) => e.sdk),
    column((e) => e.sdkVersion),
    column((e) => e.idempotencyKey),
    column((e) => e.batchId),
    column((e) => e.receivedAt.toISOString()),
    kindsParameter(events),
    shardParameter(),
    probe.nameUnknown,
    probe.unknownKeys,
    users.map(() => randomUUID()),
    users.map((u) => u.projectId),
    users.map((u) => u.identifier),
    users.map((u) => u.displayName),
    users.map((u) => u.avatarUrl),
    users.map((u) => JSON.stringify(u.ops.set)),
    users.map((u) => JSON.stringify(u.ops.setOnce)),
    users.map((u) => JSON.stringify(u.ops.unset)),
    links.map((l) => l.projectId),
    links.map((l) => l.anonymousId),
    links.map((l) => l.identifier),
  ];
}
