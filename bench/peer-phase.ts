// The peers' design under Inlet's load: the HTTP server that answers once an event is in
// Redis, alone, or with its worker draining the queue into PostgreSQL. Redis's CPU counts as
// the peer's database CPU, as PostgreSQL's does for Inlet; with the worker, so do the
// PostgreSQL backends, and the worker's CPU counts as the peer's server CPU.
import pg from "pg";
import { backendCpu } from "./backend-cpu.ts";
import type { BenchProject } from "./database.ts";
import { runLoad, type LoadResult } from "./load.ts";
import {
  checkLoadRows,
  cpuMicroseconds,
  loadFigures,
  record,
  settings,
  withCpu,
} from "./phases.ts";
import { redisPid } from "./redis.ts";
import type { PhaseRow } from "./report.ts";
import { readCpuSeconds, startPeer, startPeerWorker } from "./servers.ts";

/** How long the worker may go without storing a row before the drain counts as stalled. */
const DRAIN_STALL_MS = 10_000;

/** What the worker stored: rows at the end of the load, and when the backlog was gone. */
export interface PeerDrain {
  storedAtLoadEnd: number;
  /** Rows stored per second of the load: the rate the peer's pipeline kept up with. */
  storedPerSecond: number;
  /** Acknowledged events still queued when the load stopped. */
  backlogAtLoadEnd: number;
  /** Seconds from the end of the load until every acknowledged event was stored. */
  drainS: number;
}

/** CPU seconds a process uses from now on (0 when it cannot be read). */
function processCpu(pid: number | null) {
  const before = pid === null ? null : readCpuSeconds(pid);
  return () => (pid === null || before === null ? 0 : (readCpuSeconds(pid) ?? before) - before);
}

async function queryPeerEvents<Row extends object>(
  databaseUrl: string,
  sql: string,
  projectId: string,
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(sql, [projectId])).rows;
  } finally {
    await client.end();
  }
}

const peerRows = (databaseUrl: string, projectId: string) =>
  queryPeerEvents<{ contextId: string | null }>(
    databaseUrl,
    `SELECT context_id AS "contextId" FROM peer_events WHERE project_id = $1`,
    projectId,
  );

// Counted, not read, while draining: the polling runs on the database being measured.
const storedCount = async (databaseUrl: string, projectId: string) => {
  const [row] = await queryPeerEvents<{ stored: number }>(
    databaseUrl,
    `SELECT count(*)::int AS stored FROM peer_events WHERE project_id = $1`,
    projectId,
  );
  return row?.stored ?? 0;
};

/** Waits until the worker has stored every acknowledged event, or stops making progress. */
async function drain(databaseUrl: string, projectId: string, load: LoadResult): Promise<PeerDrain> {
  const loadEnd = performance.now();
  const storedAtLoadEnd = await storedCount(databaseUrl, projectId);
  let stored = storedAtLoadEnd;
  let progressAt = loadEnd;
  while (stored < load.ok && performance.now() - progressAt < DRAIN_STALL_MS) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = await storedCount(databaseUrl, projectId);
    if (now > stored) progressAt = performance.now();
    stored = now;
  }
  return {
    storedAtLoadEnd,
    storedPerSecond: storedAtLoadEnd / load.durationS,
    backlogAtLoadEnd: Math.max(0, load.ok - storedAtLoadEnd),
    drainS: Math.round((performance.now() - loadEnd) / 100) / 10,
  };
}

export async function peerPhase(
  phase: string,
  databaseUrl: string,
  project: BenchProject,
  { withWorker }: { withWorker: boolean },
): Promise<PhaseRow> {
  console.log(`phase: ${phase}`);
  // The server first: it empties the queue as it starts.
  const server = await startPeer(databaseUrl);
  const worker = withWorker ? await startPeerWorker(databaseUrl) : null;
  try {
    const idleRssMb = server.rssMb();
    const redisCpu = processCpu(await redisPid());
    const workerCpu = processCpu(worker?.pid ?? null);
    const databaseCpu = worker ? await backendCpu(databaseUrl) : null;
    const { result: load, cpuSeconds } = await withCpu(server, () =>
      runLoad(server.url, project.tokens, settings),
    );
    const peakRssMb = server.peakRssMb();
    const drained = worker ? await drain(databaseUrl, project.projectId, load) : null;
    // The backlog's storing is part of the events' cost, so CPU counts until it is drained.
    const peerCpuSeconds = cpuSeconds.server + workerCpu();
    const redisSeconds = redisCpu();
    const storeCpuSeconds = redisSeconds + ((await databaseCpu?.used()) ?? 0);
    const check = worker
      ? checkLoadRows(load, await peerRows(databaseUrl, project.projectId))
      : null;
    return record({
      phase,
      ...loadFigures(load),
      peakRssMb,
      idleRssMb,
      startMs: server.startMs,
      cpuSeconds: { ...cpuSeconds, server: Math.round(peerCpuSeconds * 100) / 100 },
      serverCpuUsPerEvent: cpuMicroseconds(peerCpuSeconds, load.ok),
      databaseCpuUsPerEvent: cpuMicroseconds(storeCpuSeconds, load.ok),
      check,
      details: {
        ok: load.ok,
        statusCodes: load.statusCodes,
        durationS: load.durationS,
        redisCpuSeconds: Math.round(redisSeconds * 100) / 100,
        ...(drained && { drain: drained, workerPeakRssMb: worker?.peakRssMb() }),
        serverLogs: server.logs(),
      },
    });
  } finally {
    await worker?.stop();
    await server.stop();
  }
}
