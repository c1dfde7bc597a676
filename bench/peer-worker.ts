// The other half of the peers' design: a BullMQ worker that drains the queue the peer server
// fills into PostgreSQL. Run as its own process beside bench/peer-server.ts, as those peers
// run theirs. Jobs are written in multi-row inserts, and a job completes once its row is
// committed, so "stored" here means what it means for Inlet. The table is a plain one (no
// foreign keys, no counters), which favours the peer.
import { Worker } from "bullmq";
import pg from "pg";
import { peerRedis } from "./redis.ts";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL is required");

/** Jobs the worker holds at once: enough for inserts of a few hundred rows. */
const CONCURRENCY = 200;
/** A batch is written when it has this many rows, or after FLUSH_MS. */
const BATCH_ROWS = 200;
const FLUSH_MS = 5;

interface PeerJob {
  projectId: string;
  event: { name: string; contextId?: string } & Record<string, unknown>;
  ip: string;
  userAgent: string | null;
  receivedAt: number;
}

const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
await pool.query(`CREATE TABLE IF NOT EXISTS peer_events (
  id bigserial PRIMARY KEY,
  project_id uuid NOT NULL,
  name text NOT NULL,
  context_id text,
  payload jsonb NOT NULL,
  user_agent text,
  received_at timestamptz NOT NULL
)`);

const INSERT = `INSERT INTO peer_events (project_id, name, context_id, payload, user_agent, received_at)
  SELECT r.project_id, r.event->>'name', r.event->>'contextId', r.event, r.user_agent,
         to_timestamp(r.received_at / 1000.0)
  FROM json_to_recordset($1::json)
    AS r(project_id uuid, event jsonb, user_agent text, received_at double precision)`;

let pending: { row: object; stored: () => void; failed: (error: Error) => void }[] = [];
let timer: NodeJS.Timeout | null = null;

function flush() {
  if (timer) clearTimeout(timer);
  timer = null;
  const batch = pending;
  pending = [];
  const rows = batch.map(({ row }) => row);
  pool.query(INSERT, [JSON.stringify(rows)]).then(
    () => batch.forEach(({ stored }) => stored()),
    (error: Error) => batch.forEach(({ failed }) => failed(error)),
  );
}

function store(job: PeerJob): Promise<void> {
  return new Promise((resolve, reject) => {
    const row = {
      project_id: job.projectId,
      event: job.event,
      user_agent: job.userAgent,
      received_at: job.receivedAt,
    };
    pending.push({ row, stored: resolve, failed: reject });
    if (pending.length >= BATCH_ROWS) flush();
    else timer ??= setTimeout(flush, FLUSH_MS);
  });
}

const worker = new Worker<PeerJob>(peerRedis.queue, (job) => store(job.data), {
  connection: peerRedis.connection,
  concurrency: CONCURRENCY,
  // Completed jobs are not kept, as the peers configure it, so Redis does not grow.
  removeOnComplete: { count: 0 },
});
await worker.waitUntilReady();
console.log("listening at queue:events");

process.once("SIGTERM", () => {
  void worker
    .close()
    .then(() => pool.end())
    .finally(() => process.exit(0));
});
