import { randomUUID } from "node:crypto";
import pg from "pg";
import { createLocalLiveBus, type LiveBus, type LiveItem } from "./live-bus.ts";

const CHANNEL = "inlet_live";
// NOTIFY payloads are capped at 8000 bytes.
const MAX_PAYLOAD_BYTES = 7_900;

interface Envelope {
  origin: string;
  items: LiveItem[];
}

/** Items too large to travel whole lose their custom data; the stored event keeps it. */
function shrink(item: LiveItem): LiveItem {
  return item.kind === "accepted" ? { ...item, customData: null } : item;
}

/** Packs items into as few NOTIFY payloads as the size cap allows. */
function pack(origin: string, items: LiveItem[], onError: (error: unknown) => void): string[] {
  const payloads: string[] = [];
  let current: string[] = [];
  let size = 0;
  const overhead = Buffer.byteLength(JSON.stringify({ origin, items: [] } satisfies Envelope));
  const flush = () => {
    if (current.length > 0)
      payloads.push(`{"origin":${JSON.stringify(origin)},"items":[${current.join(",")}]}`);
    current = [];
    size = 0;
  };
  for (const item of items) {
    let json = JSON.stringify(item);
    if (overhead + Buffer.byteLength(json) > MAX_PAYLOAD_BYTES) json = JSON.stringify(shrink(item));
    const bytes = Buffer.byteLength(json) + 1;
    if (overhead + bytes > MAX_PAYLOAD_BYTES) {
      onError(new Error(`live item too large to publish across processes (${item.kind})`));
      continue;
    }
    if (overhead + size + bytes > MAX_PAYLOAD_BYTES) flush();
    current.push(json);
    size += bytes;
  }
  flush();
  return payloads;
}

/**
 * Delivers in-process at once and to every other process on the same Postgres through
 * LISTEN/NOTIFY, gathering the items of one tick into few notifications rather than one
 * round trip each. The listening connection reconnects by itself after the database returns.
 */
export async function createPostgresLiveBus(
  connectionString: string,
  onError: (error: unknown) => void = () => undefined,
): Promise<LiveBus> {
  const local = createLocalLiveBus();
  const origin = randomUUID();
  // One connection keeps notifications in publication order.
  const notifier = new pg.Pool({ connectionString, max: 1, connectionTimeoutMillis: 3_000 });
  notifier.on("error", onError);
  let listener: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let outbox: LiveItem[] = [];

  const connectListener = async (): Promise<void> => {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 3_000 });
    // Postgres also delivers our own notifications; they were delivered locally already,
    // and recognising them by their prefix spares parsing every one.
    const ownPrefix = `{"origin":${JSON.stringify(origin)},`;
    client.on("notification", (message) => {
      if (!message.payload || message.payload.startsWith(ownPrefix)) return;
      const envelope = JSON.parse(message.payload) as Envelope;
      for (const item of envelope.items) local.publish(item);
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

  const sendOutbox = () => {
    const items = outbox;
    outbox = [];
    for (const payload of pack(origin, items, onError)) {
      notifier.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]).catch(onError);
    }
  };

  await connectListener();

  return {
    publish(item) {
      local.publish(item);
      if (closed) return;
      if (outbox.length === 0) setImmediate(sendOutbox);
      outbox.push(item);
    },
    subscribe: (listenerFn) => local.subscribe(listenerFn),
    async close() {
      closed = true;
      clearTimeout(retry);
      sendOutbox();
      await local.close();
      await listener?.end().catch(() => undefined);
      await notifier.end();
    },
  };
}
