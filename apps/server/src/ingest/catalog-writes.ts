import type { Novel } from "@inlet/contracts";
import { VALUE_KINDS } from "@inlet/ingest";
import type { EventRow } from "./event-row.ts";

// The per-minute counters and the event catalogue are added to by the statement that
// stores a batch, so they are committed with exactly the events they count (decision 013).
// These CTEs follow the insert's `stored` CTE, which returns id, project_id, name,
// occurred_at and received_at of the rows really inserted (idempotent repeats are not).
// Each upsert takes its rows in key order: concurrent batches (in-flight batches, other
// processes) lock shared counter rows in the same order, so they queue and never deadlock.
// `xmax = 0` tells a row inserted by this statement from one it updated.

const kindColumns = VALUE_KINDS.map((kind) => `${kind}_count`);

/** The CTEs, given the parameter numbers of the event ids and of their value kinds. */
export function catalogCtes(idsParam: number, kindsParam: number): string {
  return `,
  counted AS (
    INSERT INTO event_counts AS c (project_id, minute, name, count)
    SELECT project_id, date_trunc('minute', occurred_at, 'UTC'), name, count(*)::int
    FROM stored GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (project_id, minute, name) DO UPDATE SET count = c.count + EXCLUDED.count
  ),
  named AS (
    INSERT INTO catalog_events AS c (project_id, name, count, first_seen_at, last_seen_at)
    SELECT project_id, name, count(*), min(received_at), max(received_at)
    FROM stored GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (project_id, name) DO UPDATE SET count = c.count + EXCLUDED.count,
      first_seen_at = least(c.first_seen_at, EXCLUDED.first_seen_at),
      last_seen_at = greatest(c.last_seen_at, EXCLUDED.last_seen_at)
    RETURNING project_id, name, xmax = 0 AS created
  ),
  keyed AS (
    INSERT INTO catalog_properties AS c (project_id, name, key, count, ${kindColumns.join(", ")},
      first_seen_at, last_seen_at)
    SELECT s.project_id, s.name, p.key, count(*),
      ${VALUE_KINDS.map((kind) => `count(*) FILTER (WHERE p.kind = '${kind}')`).join(", ")},
      min(s.received_at), max(s.received_at)
    FROM stored s
    JOIN unnest($${idsParam}::uuid[], $${kindsParam}::jsonb[]) AS k(id, kinds) ON k.id = s.id
    CROSS JOIN LATERAL jsonb_each_text(k.kinds) AS p(key, kind)
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (project_id, name, key) DO UPDATE SET count = c.count + EXCLUDED.count,
      ${kindColumns.map((column) => `${column} = c.${column} + EXCLUDED.${column}`).join(", ")},
      first_seen_at = least(c.first_seen_at, EXCLUDED.first_seen_at),
      last_seen_at = greatest(c.last_seen_at, EXCLUDED.last_seen_at)
    RETURNING project_id, name, key, xmax = 0 AS created
  ),
  fresh_keys AS (
    SELECT project_id, name, array_agg(key) AS keys FROM keyed WHERE created GROUP BY 1, 2
  )`;
}

/** Columns for the final SELECT: whether the row's name, and which of its name's keys, were new. */
export const CATALOG_COLUMNS = "named.created AS name_created, fresh_keys.keys AS created_keys";

export const CATALOG_JOINS = `
  LEFT JOIN named ON named.project_id = stored.project_id AND named.name = stored.name
  LEFT JOIN fresh_keys ON fresh_keys.project_id = stored.project_id
    AND fresh_keys.name = stored.name`;

/** What the final SELECT returns per stored row, beside the insert's own columns. */
export interface CatalogColumns {
  id: string;
  name_created: boolean | null;
  created_keys: string[] | null;
}

/** The kinds parameter: each event's `{ key: kind }`, aligned with the ids parameter. */
export function kindsParameter(events: EventRow[]): string[] {
  return events.map((event) => JSON.stringify(event.customDataKinds));
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
