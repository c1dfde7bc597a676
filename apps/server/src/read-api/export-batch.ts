import { receivedAtBounds } from "@inlet/contracts";
import { Prisma, type ExportSession } from "@inlet/db";
import type { EventCursor, EventFilters } from "./event-query.ts";

/**
 * One exported event as the database gives it: every column already text, custom data as
 * its JSON. Exports read this raw shape instead of Prisma's rows because a million rows of
 * Dates and parsed JSON are garbage the server's heap grows for; text goes straight out.
 */
export interface ExportRow {
  id: string;
  name: string;
  occurredAt: string;
  receivedAt: string;
  userIdentifier: string | null;
  anonymousId: string;
  url: string | null;
  referrer: string | null;
  customData: string;
  browser: string | null;
  os: string | null;
  deviceType: string | null;
  tokenId: string | null;
}

// The same instant format as Date.toISOString, so exports and the JSON list agree.
const iso = (column: Prisma.Sql) =>
  Prisma.sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

function conditions(projectId: string, filters: EventFilters, after: EventCursor | null) {
  const where = [Prisma.sql`e.project_id = ${projectId}::uuid`];
  if (filters.name) where.push(Prisma.sql`e.name = ${filters.name}`);
  if (filters.user) where.push(Prisma.sql`u.identifier = ${filters.user}`);
  if (filters.token?.startsWith("proj_")) {
    where.push(
      Prisma.sql`e.token_id IN (SELECT id FROM project_tokens WHERE token = ${filters.token})`,
    );
  } else if (filters.token) where.push(Prisma.sql`e.token_id = ${filters.token}::uuid`);
  if (filters.batch !== undefined)
    where.push(filters.batch ? Prisma.sql`e.batch_id IS NOT NULL` : Prisma.sql`e.batch_id IS NULL`);
  if (filters.from)
    where.push(Prisma.sql`e.occurred_at >= ${filters.from.toISOString()}::timestamptz`);
  if (filters.to) where.push(Prisma.sql`e.occurred_at < ${filters.to.toISOString()}::timestamptz`);
  if (after) {
    const at = after.at.toISOString();
    // The plain bound lets the (project_id, occurred_at) index start at the cursor; the row
    // comparison alone is only a filter there (the index's columns differ in direction), and
    // each batch would rescan every row before it.
    where.push(Prisma.sql`e.occurred_at <= ${at}::timestamptz`);
    where.push(Prisma.sql`(e.occurred_at, e.id) < (${at}::timestamptz, ${after.id}::uuid)`);
  }
  // Implied by the event-time bounds; lets PostgreSQL skip partitions.
  const received = receivedAtBounds({ from: filters.from, to: filters.to, atMost: after?.at });
  if (received.gte)
    where.push(Prisma.sql`e.received_at >= ${received.gte.toISOString()}::timestamptz`);
  if (received.lt)
    where.push(Prisma.sql`e.received_at < ${received.lt.toISOString()}::timestamptz`);
  return Prisma.join(where, " AND ");
}

/** The next `limit` matching events after `after`, newest first (the list's order). */
export function exportBatch(
  session: ExportSession,
  projectId: string,
  filters: EventFilters,
  after: EventCursor | null,
  limit: number,
): Promise<ExportRow[]> {
  return session.query<ExportRow>(Prisma.sql`
    SELECT e.id::text AS "id", e.name AS "name",
      ${iso(Prisma.sql`e.occurred_at`)} AS "occurredAt",
      ${iso(Prisma.sql`e.received_at`)} AS "receivedAt",
      u.identifier AS "userIdentifier", e.anonymous_id AS "anonymousId", e.url AS "url",
      e.referrer AS "referrer", e.custom_data::text AS "customData", e.browser AS "browser",
      e.os AS "os", e.device_type AS "deviceType", e.token_id::text AS "tokenId"
    FROM events e LEFT JOIN users u ON u.id = e.user_id
    WHERE ${conditions(projectId, filters, after)}
    ORDER BY e.occurred_at DESC, e.id DESC
    LIMIT ${limit}`);
}
