import { randomUUID } from "node:crypto";
import type { Database, Prisma } from "@inlet/db";
import type { UserDataOps } from "@inlet/ingest";
import { composeUserOps } from "./user-ops.ts";

type Tx = Prisma.TransactionClient;

const BATCH_TRANSACTION_OPTIONS = { maxWait: 3_000, timeout: 10_000 } as const;

export interface EventRow {
  id: string;
  projectId: string;
  tokenId: string;
  anonymousId: string;
  name: string;
  url: string | null;
  customData: Record<string, string>;
  contextId: string | null;
  userAgent: string | null;
  browser: string | null;
  os: string | null;
  deviceType: string | null;
  referrer: string | null;
  sdk: string | null;
  sdkVersion: string | null;
  idempotencyKey: string | null;
  receivedAt: Date;
}

export interface UserChange {
  identifier: string;
  displayName: string | null;
  avatarUrl: string | null;
  ops: UserDataOps | null;
}

export interface TrackJob {
  event: EventRow;
  user: UserChange | null;
}

const userKey = (projectId: string, identifier: string) => `${projectId}\u0000${identifier}`;

interface MergedUser {
  projectId: string;
  identifier: string;
  displayName: string | null;
  avatarUrl: string | null;
  ops: UserDataOps[];
}

/** One upsert for every user the batch names; their operations composed in order. */
async function upsertUsers(tx: Tx, jobs: TrackJob[]): Promise<Map<string, string>> {
  const merged = new Map<string, MergedUser>();
  for (const { event, user } of jobs) {
    if (!user) continue;
    const key = userKey(event.projectId, user.identifier);
    const entry = merged.get(key) ?? {
      projectId: event.projectId,
      identifier: user.identifier,
      displayName: null,
      avatarUrl: null,
      ops: [],
    };
    entry.displayName = user.displayName ?? entry.displayName;
    entry.avatarUrl = user.avatarUrl ?? entry.avatarUrl;
    if (user.ops) entry.ops.push(user.ops);
    merged.set(key, entry);
  }
  if (merged.size === 0) return new Map();
  // A fixed order means concurrent statements lock the same rows in the same order.
  const users = [...merged.values()].sort((a, b) =>
    userKey(a.projectId, a.identifier) < userKey(b.projectId, b.identifier) ? -1 : 1,
  );
  const ops = users.map((user) => composeUserOps(user.ops));
  const rows = await tx.$queryRaw<{ id: string; project_id: string; identifier: string }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${users.map(() => randomUUID())}::uuid[], ${users.map((u) => u.projectId)}::uuid[],
        ${users.map((u) => u.identifier)}::text[], ${users.map((u) => u.displayName)}::text[],
        ${users.map((u) => u.avatarUrl)}::text[], ${ops.map((o) => JSON.stringify(o.set))}::jsonb[],
        ${ops.map((o) => JSON.stringify(o.setOnce))}::jsonb[], ${ops.map((o) => JSON.stringify(o.unset))}::jsonb[]
      ) AS t(id, project_id, identifier, display_name, avatar_url, set_ops, set_once_ops, unset_ops)
    )
    INSERT INTO users (id, project_id, identifier, display_name, avatar_url, properties, updated_at)
    SELECT id, project_id, identifier, display_name, avatar_url,
           (set_once_ops || set_ops) - ARRAY(SELECT jsonb_array_elements_text(unset_ops)), now()
    FROM input
    ON CONFLICT (project_id, identifier) DO UPDATE SET
      display_name = COALESCE(EXCLUDED.display_name, users.display_name),
      avatar_url = COALESCE(EXCLUDED.avatar_url, users.avatar_url),
      properties = (
        SELECT ((i.set_once_ops || users.properties) || i.set_ops) - ARRAY(SELECT jsonb_array_elements_text(i.unset_ops))
        FROM input i WHERE i.project_id = EXCLUDED.project_id AND i.identifier = EXCLUDED.identifier
      ),
      updated_at = now()
    RETURNING id, project_id, identifier`;
  return new Map(rows.map((row) => [userKey(row.project_id, row.identifier), row.id]));
}

/** Links each identified visitor to its user (the batch's last word wins) in one statement. */
async function linkAnonymousIds(
  tx: Tx,
  links: Map<string, { projectId: string; anonymousId: string; userId: string }>,
) {
  if (links.size === 0) return;
  const rows = [...links.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, link]) => link);
  await tx.$executeRaw`
    INSERT INTO anonymous_links (project_id, anonymous_id, user_id)
    SELECT * FROM unnest(${rows.map((r) => r.projectId)}::uuid[], ${rows.map((r) => r.anonymousId)}::text[], ${rows.map((r) => r.userId)}::uuid[])
    ON CONFLICT (project_id, anonymous_id) DO UPDATE SET user_id = EXCLUDED.user_id`;
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
      const users = await upsertUsers(tx, jobs);
      const links = new Map<string, { projectId: string; anonymousId: string; userId: string }>();
      const userIds = jobs.map(({ event, user }) => {
        const userId = user ? (users.get(userKey(event.projectId, user.identifier)) ?? null) : null;
        if (userId)
          links.set(userKey(event.projectId, event.anonymousId), {
            projectId: event.projectId,
            anonymousId: event.anonymousId,
            userId,
          });
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
