import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "@inlet/db";
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

/** Inserts the batch's events in one statement; returns the ids actually stored (not duplicates). */
async function insertEvents(
  tx: Tx,
  events: EventRow[],
  userIds: (string | null)[],
): Promise<Set<string>> {
  const column = <T>(pick: (event: EventRow) => T) => events.map(pick);
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO events (id, project_id, token_id, user_id, anonymous_id, name, url, custom_data,
      context_id, user_agent, browser, os, device_type, referrer, sdk, sdk_version,
      idempotency_key, occurred_at, received_at)
    SELECT t.id, t.project_id, t.token_id, COALESCE(t.user_id, l.user_id), t.anonymous_id, t.name, t.url,
      t.custom_data, t.context_id, t.user_agent, t.browser, t.os, t.device_type, t.referrer, t.sdk,
      t.sdk_version, t.idempotency_key, t.received_at, t.received_at
    FROM unnest(
      ${column((e) => e.id)}::uuid[], ${column((e) => e.projectId)}::uuid[], ${column((e) => e.tokenId)}::uuid[],
      ${userIds}::uuid[], ${column((e) => e.anonymousId)}::text[], ${column((e) => e.name)}::text[],
      ${column((e) => e.url)}::text[], ${column((e) => JSON.stringify(e.customData))}::jsonb[],
      ${column((e) => e.contextId)}::text[], ${column((e) => e.userAgent)}::text[], ${column((e) => e.browser)}::text[],
      ${column((e) => e.os)}::text[], ${column((e) => e.deviceType)}::text[], ${column((e) => e.referrer)}::text[],
      ${column((e) => e.sdk)}::text[], ${column((e) => e.sdkVersion)}::text[], ${column((e) => e.idempotencyKey)}::text[],
      ${column((e) => e.receivedAt.toISOString())}::timestamptz[]
    ) AS t(id, project_id, token_id, user_id, anonymous_id, name, url, custom_data, context_id, user_agent,
           browser, os, device_type, referrer, sdk, sdk_version, idempotency_key, received_at)
    -- An anonymous visitor identified earlier (or earlier in this batch) is attributed to its user.
    LEFT JOIN anonymous_links l ON l.project_id = t.project_id AND l.anonymous_id = t.anonymous_id
    ON CONFLICT (project_id, idempotency_key) DO NOTHING
    RETURNING id`;
  return new Set(rows.map((row) => row.id));
}

/**
 * Stores a batch of tracked events; true for each job whose event is new. Without user
 * changes the batch is one INSERT (atomic on its own: one round trip); with them, the
 * upserts, links and insert share one transaction.
 */
export async function commitTrackBatch(prisma: PrismaClient, jobs: TrackJob[]): Promise<boolean[]> {
  const events = jobs.map((job) => job.event);
  if (jobs.every((job) => !job.user)) {
    const stored = await insertEvents(
      prisma,
      events,
      events.map(() => null),
    );
    return events.map((event) => stored.has(event.id));
  }
  const stored = await prisma.$transaction(async (tx) => {
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
    return insertEvents(tx, events, userIds);
  }, BATCH_TRANSACTION_OPTIONS);
  return events.map((event) => stored.has(event.id));
}
