import type { Novel } from "@inlet/contracts";
import { eventUser, linksVisitor, type IdentifiedEventLink } from "@inlet/ingest";
import type { Database, Prisma } from "@inlet/db";
import {
  CATALOG_COLUMNS,
  CATALOG_JOINS,
  catalogCtes,
  kindsParameter,
  noveltyOf,
  shardParameter,
  type CatalogColumns,
} from "./catalog-writes.ts";
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
  /** The user the event was sent for; it belongs to that user forever. */
  user: UserChange | null;
  /** Whether (and why) the event's user also becomes its visitor's user. */
  link: IdentifiedEventLink;
}

/** A stored event and the user it was stored under (null: anonymous). */
export interface StoredEvent {
  userIdentifier: string | null;
  /** Whether its name, and which of its keys, the project had never received before. */
  novel: Novel;
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
  ["batch_id", "uuid"],
  ["occurred_at", "timestamptz"],
  ["received_at", "timestamptz"],
] as const;

// One array parameter per column, unnested into rows: one statement for the whole batch.
// An event sent without a user takes its visitor's user: one linked in this batch before
// it (passed in), else the link stored before the batch. Each stored row comes back with
// the identifier of the user it was stored under, so the live stream shows the same user.
// An event with an idempotency key is stored only when its key is new to the project:
// the key table, not the events, decides (a key repeated within the statement counts once).
const INSERT_EVENTS = `
  WITH input AS (
    SELECT * FROM unnest(${EVENT_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")})
      AS t(${EVENT_COLUMNS.map(([name]) => name).join(", ")})
  ), claimed_keys AS (
    INSERT INTO idempotency_keys (project_id, key, event_id)
    SELECT project_id, idempotency_key, id FROM input WHERE idempotency_key IS NOT NULL
    ON CONFLICT (project_id, key) DO NOTHING
    RETURNING event_id
  ), stored AS (
    INSERT INTO events (${EVENT_COLUMNS.map(([name]) => name).join(", ")})
    SELECT ${EVENT_COLUMNS.map(([name]) => (name === "user_id" ? "COALESCE(t.user_id, l.user_id)" : `t.${name}`)).join(", ")}
    FROM input t
    LEFT JOIN anonymous_links l ON l.project_id = t.project_id AND l.anonymous_id = t.anonymous_id
    WHERE t.idempotency_key IS NULL OR t.id IN (SELECT event_id FROM claimed_keys)
    RETURNING id, user_id, project_id, name, occurred_at, received_at
  )${catalogCtes(1, EVENT_COLUMNS.length + 1, EVENT_COLUMNS.length + 2)}
  SELECT stored.id, u.identifier, ${CATALOG_COLUMNS}
  FROM stored LEFT JOIN users u ON u.id = stored.user_id${CATALOG_JOINS}`;

interface StoredRow extends CatalogColumns {
  identifier: string | null;
}

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
    column((e) => e.batchId),
    column((e) => e.occurredAt.toISOString()),
    column((e) => e.receivedAt.toISOString()),
    kindsParameter(events),
    shardParameter(),
  ];
}

/**
 * Each job's user id before the insert, in submission order: an identified event's own
 * user; for an anonymous one, the user an earlier job of this batch linked its visitor to.
 * Also returns the links the batch makes, the last word per visitor winning.
 */
function resolveBatchUsers(jobs: TrackJob[], users: Map<string, string>) {
  const links = new Map<string, AnonymousLink>();
  const userIds = jobs.map(({ event, user, link }) => {
    const visitor = userKey(event.projectId, event.anonymousId);
    const sent = user ? (users.get(userKey(event.projectId, user.identifier)) ?? null) : null;
    // The link stored before the batch is the insert's COALESCE: the same rule, in SQL.
    const { user: userId, rule } = eventUser(sent, links.get(visitor)?.userId ?? null);
    if (userId && rule === "sent-identifier" && linksVisitor(link))
      links.set(visitor, { projectId: event.projectId, anonymousId: event.anonymousId, userId });
    return userId;
  });
  return { userIds, links: [...links.values()] };
}

/**
 * Stores a batch of tracked events; for each job, what was stored, or null when its
 * idempotency key made it a duplicate. Without users the batch is one INSERT (atomic on
 * its own: one round trip); with them, the upserts, insert and links share one
 * transaction. Links are written after the insert, so an event earlier in the batch is
 * never credited through a link made by a later one.
 */
export async function commitTrackBatch(
  database: Pick<Database, "prisma" | "sql">,
  jobs: TrackJob[],
): Promise<(StoredEvent | null)[]> {
  const events = jobs.map((job) => job.event);
  let rows: StoredRow[];
  if (jobs.every((job) => !job.user)) {
    const parameters = insertParameters(
      events,
      events.map(() => null),
    );
    rows = await database.sql.query<StoredRow>(INSERT_EVENTS, parameters);
  } else {
    rows = await database.prisma.$transaction(
      (tx) => insertWithUsers(tx, jobs),
      BATCH_TRANSACTION_OPTIONS,
    );
  }
  return storedOf(events, rows);
}

async function insertWithUsers(tx: Prisma.TransactionClient, jobs: TrackJob[]) {
  const upserts = jobs.flatMap(({ event, user }) =>
    user ? [{ projectId: event.projectId, change: user }] : [],
  );
  const { userIds, links } = resolveBatchUsers(jobs, await upsertUsers(tx, upserts));
  const stored = await tx.$queryRawUnsafe<StoredRow[]>(
    INSERT_EVENTS,
    ...insertParameters(
      jobs.map((job) => job.event),
      userIds,
    ),
  );
  await linkAnonymousIds(tx, links);
  return stored;
}

function storedOf(events: EventRow[], rows: StoredRow[]): (StoredEvent | null)[] {
  const stored = new Map(rows.map((row) => [row.id, row.identifier]));
  const novelty = noveltyOf(events, rows);
  return events.map((event) => {
    const identifier = stored.get(event.id);
    const novel = novelty.get(event.id) ?? { name: false, keys: [] };
    return identifier === undefined ? null : { userIdentifier: identifier, novel };
  });
}

/** The same store inside a caller's transaction (a `POST /batch`'s run of events). */
export async function storeTrackJobs(
  tx: Prisma.TransactionClient,
  jobs: TrackJob[],
): Promise<(StoredEvent | null)[]> {
  if (jobs.length === 0) return [];
  return storedOf(
    jobs.map((job) => job.event),
    await insertWithUsers(tx, jobs),
  );
}
