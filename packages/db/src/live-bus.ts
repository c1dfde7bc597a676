import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import pg from "pg";

/** What the live stream shows: stored events, and requests that were refused or dropped. */
export type LiveItem = AcceptedItem | RejectedItem;

interface ItemIdentity {
  /** Unique across processes (an accepted item uses its event's id), so viewers can drop repeats. */
  itemId: string;
}

export interface AcceptedItem extends ItemIdentity {
  kind: "accepted";
  projectId: string;
  eventId: string;
  name: string;
  url: string | null;
  userIdentifier: string | null;
  anonymousId: string;
  /** Null when too large to travel between processes; the stored event has it all. */
  customData: Record<string, string> | null;
  at: string;
}

export interface RejectedItem extends ItemIdentity {
  kind: "refused" | "dropped";
  /** Null when the token did not lead to a project. */
  projectId: string | null;
  status: number;
  reason: string;
  token: string | null;
  path: string;
  /** Read from the body when it could be parsed, so name and user filters apply here too. */
  name: string | null;
  userIdentifier: string | null;
  excerpt: string;
  at: string;
}

export interface LiveBus {
  publish(item: LiveItem): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (item: LiveItem) => void): () => void;
  close(): Promise<void>;
}

const CHANNEL = "inlet_live";
// NOTIFY payloads are capped at 8000 bytes; rejected items carry bounded excerpts to fit.
const MAX_PAYLOAD_BYTES = 7_900;

/** In-process delivery only: enough for PGlite, where one process owns the database. */
export function createLocalLiveBus(): LiveBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (item) => emitter.emit("item", item),
    subscribe(listener) {
      emitter.on("item", listener);
      return () => emitter.off("item", listener);
    },
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}

interface Envelope {
  origin: string;
  item: LiveItem;
}

/**
 * Delivers in-process at once and to every other process on the same Postgres through
 * LISTEN/NOTIFY. The listening connection reconnects by itself after the database returns.
 */
export async function createPostgresLiveBus(
  connectionString: string,
  onError: (error: unknown) => void = () => undefined,
): Promise<LiveBus> {
  const local = createLocalLiveBus();
  const origin = randomUUID();
  const notifier = new pg.Pool({ connectionString, max: 2, connectionTimeoutMillis: 3_000 });
  notifier.on("error", onError);
  let listener: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connectListener = async (): Promise<void> => {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 3_000 });
    client.on("notification", (message) => {
      if (!message.payload) return;
      const envelope = JSON.parse(message.payload) as Envelope;
      if (envelope.origin !== origin) local.publish(envelope.item);
    });
    client.on("error", (error) => {
      onError(error);
      scheduleReconnect();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      listener = client;
    } catch (error) {
      onError(error);
      await client.end().catch(() => undefined);
      scheduleReconnect();
    }
  };

  const scheduleReconnect = () => {
    if (closed || retry) return;
    const stale = listener;
    listener = null;
    void stale?.end().catch(() => undefined);
    retry = setTimeout(() => {
      retry = undefined;
      void connectListener();
    }, 500);
  };

  await connectListener();

  return {
    publish(item) {
      local.publish(item);
      let payload = JSON.stringify({ origin, item } satisfies Envelope);
      if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES && item.kind === "accepted") {
        payload = JSON.stringify({
          origin,
          item: { ...item, customData: null },
        } satisfies Envelope);
      }
      if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
        onError(new Error(`live item too large to publish across processes (${item.kind})`));
        return;
      }
      notifier.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]).catch(onError);
    },
    subscribe: (listenerFn) => local.subscribe(listenerFn),
    async close() {
      closed = true;
      clearTimeout(retry);
      await local.close();
      await listener?.end().catch(() => undefined);
      await notifier.end();
    },
  };
}
