import type { Novel } from "@inlet/contracts";
import { VALUE_KINDS } from "@inlet/ingest";
import type { EventRow } from "./event-row.ts";

// The per-minute counters and the event catalogue are added to by the statement that
// stores a batch, so they are committed with exactly the events they count (decision 013).
// These CTEs follow the insert's `stored` CTE, which returns id, project_id, name,
// occurred_at and received_at of the rows really inserted (idempotent repeats are not).
// A counter row stays locked until its batch commits, so concurrent batches (in flight
// together, or from other processes) adding to one row would commit one after another:
// each batch adds to one of SHARDS rows per key instead, and readers sum them. Each upsert
// takes its rows in key order, so batches that do meet queue and never deadlock. A name or
// key is new when this statement's plain insert of it succeeds (ON CONFLICT DO NOTHING
// returns only the rows it inserted, and waits for a concurrent insert of the same key).
// Counters fall in the minute of the event time, the axis of the chart and the counts; the
// catalogue's first and last seen are when Inlet received the name or key.
// Only names and keys the process's KnownCatalog has not seen committed are tried: the
// probe parameters say which, per event.

/** Rows per counter key; a batch picks one at random. */
export const SHARDS = 8;

const kindColumns = VALUE_KINDS.map((kind) => `${kind}_count`);

/**
 * The CTEs, given the number of the shard parameter. They read `stored`, and `input` for
 * each event's value kinds (`kinds`) and what the catalogue cache left to probe
 * (`name_unknown`, `unknown_keys`).
 */
export function catalogCtes(shardParam: number): string {
  const shard = `$${shardParam}::smallint`;
  return `,
  counted AS (
    INSERT INTO event_counts AS c (project_id, minute, name, shard, count)
    SELECT project_id, date_trunc('minute', occurred_at, 'UTC'), name, ${shard}, count(*)::int
    FROM stored GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (project_id, minute, name, shard) DO UPDATE SET count = c.count + EXCLUDED.count
  ),
  named AS (
    INSERT INTO catalog_events AS c (project_id, name, shard, count, first_seen_at, last_seen_at)
    SELECT project_id, name, ${shard}, count(*), min(received_at), max(received_at)
    FROM stored GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (project_id, name, shard) DO UPDATE SET count = c.count + EXCLUDED.count,
      first_seen_at = least(c.first_seen_at, EXCLUDED.first_seen_at),
      last_seen_at = greatest(c.last_seen_at, EXCLUDED.last_seen_at)
  ),
  probe AS (
    SELECT s.project_id, s.name, t.name_unknown, t.unknown_keys, t.kinds, s.received_at
    FROM stored s JOIN input t ON t.id = s.id
  ),
  new_names AS (
    INSERT INTO catalog_event_names (project_id, name)
    SELECT DISTINCT project_id, name FROM probe WHERE name_unknown ORDER BY 1, 2
    ON CONFLICT DO NOTHING
    RETURNING project_id, name
  ),
  properties AS (
    SELECT s.project_id, s.name, p.key, p.kind, s.received_at
    FROM probe s CROSS JOIN LATERAL jsonb_each_text(s.kinds) AS p(key, kind)
  ),
  keyed AS (
    INSERT INTO catalog_properties AS c (project_id, name, key, shard, count,
      ${kindColumns.join(", ")}, first_seen_at, last_seen_at)
    SELECT project_id, name, key, ${shard}, count(*),
      ${VALUE_KINDS.map((kind) => `count(*) FILTER (WHERE kind = '${kind}')`).join(", ")},
      min(received_at), max(received_at)
    FROM properties GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (project_id, name, key, shard) DO UPDATE SET count = c.count + EXCLUDED.count,
      ${kindColumns.map((column) => `${column} = c.${column} + EXCLUDED.${column}`).join(", ")},
      first_seen_at = least(c.first_seen_at, EXCLUDED.first_seen_at),
      last_seen_at = greatest(c.last_seen_at, EXCLUDED.last_seen_at)
  ),
  new_keys AS (
    INSERT INTO catalog_property_keys (project_id, name, key)
    SELECT DISTINCT s.project_id, s.name, k.key
    FROM probe s CROSS JOIN LATERAL jsonb_array_elements_text(s.unknown_keys) AS k(key)
    ORDER BY 1, 2, 3
    ON CONFLICT DO NOTHING
    RETURNING project_id, name, key
  ),
  fresh_keys AS (
    SELECT project_id, name, array_agg(key) AS keys FROM new_keys GROUP BY 1, 2
  )`;
}

/** Columns for the final SELECT: whether the row's name, and which of its name's keys, were new. */
export const CATALOG_COLUMNS =
  "new_names.name IS NOT NULL AS name_created, fresh_keys.keys AS created_keys";

export const CATALOG_JOINS = `
  LEFT JOIN new_names ON new_names.project_id = stored.project_id
    AND new_names.name = stored.name
  LEFT JOIN fresh_keys ON fresh_keys.project_id = stored.project_id
    AND fresh_keys.name = stored.name`;

/** What the final SELECT returns per stored row, beside the insert's own columns. */
export interface CatalogColumns {
  id: string;
  name_created: boolean | null;
  created_keys: string[] | null;
}

/** The shard parameter: one per batch, at random. */
export function shardParameter(): number {
  return Math.floor(Math.random() * SHARDS);
}

/**
 * Which stored events show a name or key as new in Live: of the events of one batch that
 * share a name (or key) the project had never seen, only the first in arrival order.
 */
export function noveltyOf(events: EventRow[], rows: CatalogColumns[]): Map<string, Novel> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const claimed = new Set<string>();
  const claim = (key: string) => !claimed.has(key) && Boolean(claimed.add(key));
  const novelty = new Map<string, Novel>();
  for (const event of events) {
    const row = byId.get(event.id);
    if (!row) continue;
    const scope = JSON.stringify([event.projectId, event.name]);
    const created = new Set(row.created_keys ?? []);
    novelty.set(event.id, {
      name: row.name_created === true && claim(scope),
      keys: Object.keys(event.customDataKinds).filter(
        (key) => created.has(key) && claim(JSON.stringify([scope, key])),
      ),
    });
  }
  return novelty;
}
