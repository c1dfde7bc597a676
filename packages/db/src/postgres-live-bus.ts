import { randomUUID } from "node:crypto";
import pg from "pg";
import { RecentIds, type LiveItem } from "@inlet/contracts";
import { createLocalLiveBus, PUBLISH_LAG_MARGIN_MS, type LiveBus } from "./live-bus.ts";
import { LISTENER_APPLICATION_NAME, LivePeers } from "./live-peers.ts";
import { FORGET_ANONYMOUS_IDS, pack, type Envelope } from "./live-payloads.ts";

const CHANNEL = "inlet_live";

// The listening connection proves it is alive every second; one silent for two seconds is
// replaced, because a connection behind a silent partition never reports an error itself.
const HEARTBEAT_INTERVAL_MS = 1_000;
const HEARTBEAT_DEADLINE_MS = 2_000;
const RECONNECT_DELAY_MS = 500;
const REPLAY_MAX_ITEMS = 10_000;
// Other processes are counted again every few heartbeats, so that one left alone notices.
const RECOUNT_EVERY_HEARTBEATS = 5;
// Ids of the items delivered last, recognised when a replay repeats them.
const REMEMBERED_ITEMS = 50_000;

// The newest of what was stored since, delivered oldest first: when more was stored than a
// replay carries, what it leaves out is the oldest, which the listener most likely heard
// before it was lost (the window starts a publishing margin early).
const REPLAY_STORED_EVENTS = `
  SELECT * FROM (
    SELECT e.id, e.project_id, e.name, e.url, u.identifier, e.anonymous_id, e.custom_data, e.received_at
    FROM events e LEFT JOIN users u ON u.id = e.user_id
    WHERE e.received_at >= $1 AND u.deleted_at IS NULL
    ORDER BY e.received_at DESC, e.id DESC
    LIMIT ${REPLAY_MAX_ITEMS}
  ) newest
  ORDER BY received_at, id`;

interface StoredEventRow {
  id: string;
  project_id: string;
  name: string;
  url: string | null;
  identifier: string | null;
  anonymous_id: string;
  custom_data: Record<string, string>;
  received_at: Date;
}

const storedEventItem = (row: StoredEventRow): LiveItem => ({
  itemId: row.id,
  kind: "accepted",
  projectId: row.project_id,
  eventId: row.id,
  name: row.name,
  url: row.url,
  userIdentifier: row.identifier,
  anonymousId: row.anonymous_id,
  customData: row.custom_data,
  at: row.received_at.toISOString(),
});

/**
 * Delivers in-process at once and to every other process on the same Postgres through
 * LISTEN/NOTIFY, gathering the items of one tick into few notifications rather than one
 * round trip each. The listening connection is health-checked and replaced when it errors or
 * falls silent; notifications sent meanwhile are gone, so after such a loss the events stored
 * in that window are replayed from the database (items this process already saw are skipped).
 */
export async function createPostgresLiveBus(
  connectionString: string,
  onError: (error: unknown) => void = () => undefined,
  now: () => number = Date.now,
): Promise<LiveBus> {
  const local = createLocalLiveBus();
  const origin = randomUUID();
  const recent = new RecentIds(REMEMBERED_ITEMS);
  // One connection keeps notifications in publication order.
  const notifier = new pg.Pool({
    connectionString,
    max: 1,
    connectionTimeoutMillis: 3_000,
    // A notification stuck on a silent connection would hold every later one behind it.
    query_timeout: 3_000,
    keepAlive: true,
  });
  notifier.on("error", onError);
  let listener: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let outbox: LiveItem[] = [];
  // Settles when the outbox (or, when it is empty, the last one sent) reached the database.
  let outboxSent: Promise<void> = Promise.resolve();
  let markOutboxSent = () => {};
  let heardAt = now();
  // When set, the listener was lost and everything stored since then may have been missed.
  let lostSince: number | null = null;
  let heartbeatInFlight = false;
  let heartbeats = 0;
  const notify = (payload: string) =>
    notifier.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]);
  const peers = new LivePeers(origin, notify);

  const deliver = (item: LiveItem) => {
    if (item.kind === "accepted") recent.remember(item.itemId);
    local.publish(item);
  };

  const replayMissed = async (since: number) => {
    const { rows } = await notifier.query<StoredEventRow>(REPLAY_STORED_EVENTS, [
      new Date(since - PUBLISH_LAG_MARGIN_MS),
    ]);
    for (const row of rows) if (!recent.has(row.id)) deliver(storedEventItem(row));
  };

  const connectListener = async (): Promise<void> => {
    const client = new pg.Client({
      connectionString,
      connectionTimeoutMillis: HEARTBEAT_DEADLINE_MS,
      query_timeout: HEARTBEAT_DEADLINE_MS,
      keepAlive: true,
      // Named, so an operator (or a test) can tell it apart in pg_stat_activity.
      application_name: LISTENER_APPLICATION_NAME,
    });
    // Postgres also delivers our own notifications; they were delivered locally already,
    // and recognising them by their prefix spares parsing every one.
    const ownPrefix = `{"origin":${JSON.stringify(origin)},`;
    client.on("notification", (message) => {
      heardAt = now();
      if (!message.payload || message.payload.startsWith(ownPrefix)) return;
      const envelope = JSON.parse(message.payload) as Envelope;
      for (const item of envelope.items) deliver(item);
      if (envelope.forget) local.forget(envelope.forget);
      peers.heard(envelope);
    });
    client.on("error", (error) => {
      onError(error);
      scheduleReconnect(client);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (closed) return void (await client.end());
      listener = client;
      heardAt = now();
      await peers.greet(client).catch((error: unknown) => {
        peers.assumePresent();
        onError(error);
      });
      if (lostSince !== null) {
        const since = lostSince;
        lostSince = null;
        await replayMissed(since).catch(onError);
      }
    } catch (error) {
      onError(error);
      await client.end().catch(() => undefined);
      scheduleReconnect(client);
    }
  };

  const scheduleReconnect = (client: pg.Client) => {
    if (closed || retry) return;
    lostSince ??= heardAt;
    if (listener === client) listener = null;
    // Ending a client whose query hangs destroys its socket rather than waiting.
    void client.end().catch(() => undefined);
    retry = setTimeout(() => {
      retry = undefined;
      void connectListener();
    }, RECONNECT_DELAY_MS);
  };

  const heartbeat = setInterval(() => {
    const client = listener;
    if (!client || heartbeatInFlight) return;
    heartbeatInFlight = true;
    const beat =
      ++heartbeats % RECOUNT_EVERY_HEARTBEATS === 0
        ? peers.recount(client)
        : client.query("SELECT 1");
    beat
      .then(() => (heardAt = now()))
      .catch((error: unknown) => {
        onError(error);
        scheduleReconnect(client);
      })
      .finally(() => (heartbeatInFlight = false));
  }, HEARTBEAT_INTERVAL_MS);
  heartbeat.unref();

  const sendOutbox = () => {
    const items = outbox;
    const markSent = markOutboxSent;
    outbox = [];
    // The one notifier connection runs these in order, so the last to settle settles all.
    const sends = pack(origin, items, onError).map((payload) =>
      notify(payload).then(() => undefined, onError),
    );
    void Promise.all(sends).then(markSent);
  };

  await connectListener();

  return {
    publish(item) {
      deliver(item);
      // Alone on the database, this process's own delivery is all there is to do.
      if (closed || !peers.present) return;
      if (outbox.length === 0) {
        setImmediate(sendOutbox);
        outboxSent = new Promise((resolve) => (markOutboxSent = resolve));
      }
      outbox.push(item);
    },
    settled: () => outboxSent,
    subscribe: (listenerFn) => local.subscribe(listenerFn),
    forget(notice) {
      local.forget(notice);
      if (closed) return;
      const forget = {
        ...notice,
        anonymousIds: notice.anonymousIds.slice(0, FORGET_ANONYMOUS_IDS),
      };
      notify(JSON.stringify({ origin, items: [], forget } satisfies Envelope)).catch(onError);
    },
    subscribeForget: (listenerFn) => local.subscribeForget(listenerFn),
    async close() {
      closed = true;
      clearTimeout(retry);
      clearInterval(heartbeat);
      sendOutbox();
      await local.close();
      await listener?.end().catch(() => undefined);
      await notifier.end();
    },
  };
}
