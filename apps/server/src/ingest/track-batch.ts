import type { Database } from "@inlet/db";
import type { EventRow } from "./event-row.ts";
import {
  linkAnonymousIds,
  upsertUsers,
  userKey,
  type AnonymousLink,
  type UserChange,
} from "./user-writes.ts";

const BATCH_TRANSACTION_OPTIONS = { maxWait: 3_000, timeout: 10_000 } as const;

export interface TrackJob {
  event: EventRow;
  user: UserChange | null;
}

const EVENT_COLUMNS = [
  ["id", "uuid"],
  ["project_id", "uuid"],
  ["token_id", "uuid"],
  ["user_id", "uuid"],
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
  ["received_at", "timestamptz"],
] as const;

// One array parameter per column, unnested into rows: one statement for the whole batch.
const INSERT_EVENTS = `
  INSERT INTO events (${EVENT_COLUMNS.map(([name]) => name).join(", ")}, occurred_at)
  SELECT ${EVENT_COLUMNS.map(([name]) => (name === "user_id" ? "COALESCE(t.user_id, l.user_id)" : `t.${name}`)).join(", ")}, t.received_at
  FROM unnest(${EVENT_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")})
    AS t(${EVENT_COLUMNS.map(([name]) => name).join(", ")})
  -- An anonymous visitor identified earlier (or earlier in this batch) is attributed to its user.
  LEFT JOIN anonymous_links l ON l.project_id = t.project_id AND l.anonymous_id = t.anonymous_id
  ON CONFLICT (project_id, idempotency_key) DO NOTHING
  RETURNING id`;

function insertParameters(events: EventRow[], userIds: (string | null)[]): unknown[] {
  const column = <T>(pick: (event: EventRow) => T) => events.map(pick);
  return [
    column((e) => e.id),
    column((e) => e.projectId),
    column((e) => e.tokenId),
    userIds,
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
    column((e) => e.receivedAt.toISOString()),
  ];
}

/** Ids of the events actually stored (a repeated idempotency key stores nothing). */
const storedIds = (rows: { id: string }[]) => new Set(rows.map((row) => row.id));

/**
 * Stores a batch of tracked events; true for each job whose event is new. Without user
 * changes the batch is one INSERT (atomic on its own: one round trip); with them, the
 * upserts, links and insert share one transaction.
 */
export async function commitTrackBatch(
  database: Pick<Database, "prisma" | "sql">,
  jobs: TrackJob[],
): Promise<boolean[]> {
  const events = jobs.map((job) => job.event);
  let stored: Set<string>;
  if (jobs.every((job) => !job.user)) {
    const parameters = insertParameters(
      events,
      events.map(() => null),
    );
    stored = storedIds(await database.sql.query<{ id: string }>(INSERT_EVENTS, parameters));
  } else {
    stored = await database.prisma.$transaction(async (tx) => {
      const upserts = jobs.flatMap(({ event, user }) =>
        user ? [{ projectId: event.projectId, change: user }] : [],
      );
      const users = await upsertUsers(tx, upserts);
      const links: AnonymousLink[] = [];
      const userIds = jobs.map(({ event, user }) => {
        const userId = user ? (users.get(userKey(event.projectId, user.identifier)) ?? null) : null;
        if (userId)
          links.push({ projectId: event.projectId, anonymousId: event.anonymousId, userId });
        return userId;
      });
      await linkAnonymousIds(tx, links);
      return storedIds(
        await tx.$queryRawUnsafe<{ id: string }[]>(
          INSERT_EVENTS,
          ...insertParameters(events, userIds),
        ),
      );
    }, BATCH_TRANSACTION_OPTIONS);
  }
  return events.map((event) => stored.has(event.id));
}
