// The phases of the bench: one server child each, measured, stopped, rows checked.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { signIn } from "../test-support/admin-client.ts";
import { backendCpu } from "./backend-cpu.ts";
import { storedEvents, type BenchProject, type DatabaseTarget } from "./database.ts";
import { measureLiveDelay } from "./live-delay.ts";
import { runLoad, type LoadResult } from "./load.ts";
import type { PhaseRow, StoredCheck } from "./report.ts";
import { ALLOCATIONS_DIR, startInlet, type ServerChild } from "./servers.ts";
import { startSideTraffic, type SideTrafficResult } from "./side-traffic.ts";
import type { TrafficShape } from "./traffic.ts";

export const settings = {
  durationS: Number(process.env.BENCH_DURATION_S ?? 20),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  liveRatePerSecond: Number(process.env.BENCH_LIVE_RATE ?? 1_000),
  /** /i and /u per second, together, beside the identified and mixed phases. */
  sideRatePerSecond: Number(process.env.BENCH_SIDE_RATE ?? 100),
  /**
   * Requests per second in all for the load phases; 0 (the default) sends as fast as
   * answers come. A fixed rate compares two builds' CPU per event at equal batch sizes.
   */
  ratePerSecond: Number(process.env.BENCH_RATE ?? 0),
};
export const ADMIN = { email: "bench@example.com", password: `bench-${Date.now()}-password` };
/** FAILURE lines for the report; phases add to it. */
export const failures: string[] = [];

/**
 * Rows per marker must be at least that marker's 2xx answers (an acknowledged event is never
 * lost); rows beyond those can only be requests cut off unanswered when autocannon stopped.
 */
export function checkLoadRows(load: LoadResult, rows: { contextId: string | null }[]): StoredCheck {
  const stored = new Map<string | null, number>();
  for (const { contextId } of rows) stored.set(contextId, (stored.get(contextId) ?? 0) + 1);
  let missing = 0;
  for (const [marker, count] of load.acked)
    missing += Math.max(0, count - (stored.get(marker) ?? 0));
  const ackedStored = load.ok - missing;
  const extra = rows.length - ackedStored;
  const ok = missing === 0 && extra <= load.unansweredEvents;
  const cutOff = extra > 0 ? ` + ${extra} cut off at stop` : "";
  const message = ok
    ? `${rows.length} rows = ${load.ok} 2xx${cutOff}`
    : `${rows.length} rows for ${load.ok} 2xx: ${missing} acknowledged events missing, ` +
      `${extra} rows beyond the 2xx with ${load.unanswered} requests unanswered at stop`;
  return { acked: load.ok, ackedStored, stored: rows.length, ok, message };
}

/** A load's rate, latency and failures, as its row reports them. */
export const loadFigures = (load: LoadResult) => ({
  eventsPerSecond: load.eventsPerSecond,
  p50Ms: load.latencyMs.p50,
  p99Ms: load.latencyMs.p99,
  maxMs: load.latencyMs.max,
  non2xx: load.non2xx,
  errors: load.errors,
});

/** Server CPU per accepted event (or per delivered live item), in microseconds. */
export const cpuMicroseconds = (cpuSeconds: number, count: number) =>
  count > 0 ? Math.round((cpuSeconds * 1e6) / count) : NaN;

export function record(row: PhaseRow): PhaseRow {
  if (row.check && !row.check.ok)
    failures.push(`${row.phase}: rows stored ≠ 200s received: ${row.check.message}`);
  const logs = row.details.serverLogs as { count: number } | undefined;
  if (logs?.count)
    console.log(`  ${row.phase}: the server printed ${logs.count} warning/error lines`);
  console.log(`  done: ${row.phase} (${Math.round(row.eventsPerSecond)} events/s)`);
  return row;
}

/** CPU seconds the server and this process (load generator, subscribers) used during `work`. */
export async function withCpu<T>(server: ServerChild, work: () => Promise<T>) {
  const serverBefore = server.cpuSeconds() ?? NaN;
  const benchBefore = process.cpuUsage();
  const result = await work();
  const bench = process.cpuUsage(benchBefore);
  const round = (seconds: number) => Math.round(seconds * 100) / 100;
  const cpuSeconds = {
    server: round((server.cpuSeconds() ?? NaN) - serverBefore),
    bench: round((bench.user + bench.system) / 1e6),
  };
  return { result, cpuSeconds };
}

/**
 * Writes the load's allocation profile to BENCH_ALLOCATIONS and gives its bytes per
 * `unit` (an accepted event, or a live item delivered to one viewer). Sampling costs
 * CPU: such a run measures allocations, not speed.
 */
async function allocations(server: ServerChild, phase: string, events: number, unit = "event") {
  mkdirSync(ALLOCATIONS_DIR ?? ".", { recursive: true });
  const file = join(ALLOCATIONS_DIR ?? ".", `${phase.replace(/[^\w]+/g, "-")}.heapprofile`);
  const bytes = await server.writeAllocations(file);
  if (bytes === null || events === 0) return null;
  const perUnit = Math.round(bytes / events);
  console.log(`  allocated ${perUnit.toLocaleString("en-US")} bytes per ${unit} (${file})`);
  return perUnit;
}

export interface LoadOptions {
  shape?: TrafficShape;
  /** Events per `POST /batch` request instead of one `POST /e` each. */
  batchSize?: number;
  /** Send /i and /u at `settings.sideRatePerSecond` beside the load. */
  sideTraffic?: boolean;
  /** Seconds of load, when not the run's `settings.durationS`. */
  durationS?: number;
}

/** Autocannon against one server child; checks the stored rows when a project is given. */
export async function loadPhase(
  phase: string,
  start: () => Promise<ServerChild>,
  tokens: string[],
  stored?: { target: DatabaseTarget; project: BenchProject },
  { shape = "anonymous", sideTraffic = false, batchSize, durationS }: LoadOptions = {},
): Promise<PhaseRow> {
  console.log(`phase: ${phase}`);
  const server = await start();
  try {
    const idleRssMb = server.rssMb();
    const side = sideTraffic
      ? startSideTraffic(server.url, tokens[0] ?? "", settings.sideRatePerSecond)
      : null;
    const database = stored && "url" in stored.target ? await backendCpu(stored.target.url) : null;
    const sampling = ALLOCATIONS_DIR !== undefined && (await server.sampleAllocations());
    const { result: load, cpuSeconds } = await withCpu(server, () =>
      runLoad(
        server.url,
        tokens,
        { ...settings, durationS: durationS ?? settings.durationS },
        shape,
        batchSize,
      ),
    );
    const databaseCpuSeconds = (await database?.used()) ?? NaN;
    const allocatedBytesPerEvent = sampling ? await allocations(server, phase, load.ok) : null;
    const sideResult: SideTrafficResult | null = (await side?.stop()) ?? null;
    const peakRssMb = server.peakRssMb();
    await server.stop(); // PGlite allows one process: the server lets go before rows are read
    const rows = stored ? await storedEvents(stored.target, stored.project.projectId) : null;
    return record({
      phase,
      ...loadFigures(load),
      peakRssMb,
      idleRssMb,
      startMs: server.startMs,
      cpuSeconds,
      // Conservative: the CPU spent on /i and /u beside the load is charged to the events.
      serverCpuUsPerEvent: cpuMicroseconds(cpuSeconds.server, load.ok),
      databaseCpuUsPerEvent: cpuMicroseconds(databaseCpuSeconds, load.ok),
      check: rows ? checkLoadRows(load, rows) : null,
      details: {
        shape,
        ok: load.ok,
        ...(batchSize && { eventsPerRequest: batchSize, requestsOk: load.requestsOk }),
        statusCodes: load.statusCodes,
        durationS: load.durationS,
        sideTraffic: sideResult,
        ...(allocatedBytesPerEvent !== null && { allocatedBytesPerEvent }),
        serverLogs: server.logs(),
      },
    });
  } finally {
    await server.stop();
  }
}

export async function livePhase(
  target: { url: string },
  project: BenchProject,
  subscribers: number,
) {
  const phase = `${subscribers} subscriber${subscribers === 1 ? "" : "s"}`;
  console.log(`phase: live-stream delay, ${phase}`);
  const server = await startInlet(target);
  try {
    const cookie = await signIn(server.url, ADMIN.email, ADMIN.password);
    const sampling = ALLOCATIONS_DIR !== undefined && (await server.sampleAllocations());
    const { result: live, cpuSeconds } = await withCpu(server, () =>
      measureLiveDelay(server.url, project, cookie, {
        subscribers,
        ratePerSecond: settings.liveRatePerSecond,
        durationS: settings.durationS,
      }),
    );
    const deliveries = live.ok * subscribers;
    const allocatedBytesPerItem = sampling
      ? await allocations(server, phase, deliveries, "delivered item")
      : null;
    const peakRssMb = server.peakRssMb();
    const rows = await storedEvents(target, project.projectId);
    // Every 200 is stored; a request the sender gave up on (an error) may have been stored too.
    const ok = rows.length >= live.ok && rows.length <= live.ok + live.errors;
    if (live.missing > 0) console.log(`  WARNING: ${live.missing} live deliveries never arrived`);
    return record({
      phase,
      eventsPerSecond: live.eventsPerSecond,
      p50Ms: live.delayMs.p50,
      p99Ms: live.delayMs.p99,
      maxMs: live.delayMs.max,
      peakRssMb,
      idleRssMb: null,
      startMs: server.startMs,
      cpuSeconds,
      // Per delivered item: each accepted event reaches every subscriber.
      serverCpuUsPerEvent: cpuMicroseconds(cpuSeconds.server, deliveries),
      non2xx: live.non2xx,
      errors: live.errors,
      check: {
        acked: live.ok,
        ackedStored: Math.min(rows.length, live.ok),
        stored: rows.length,
        ok,
        message: `${rows.length} rows, ${live.ok} 2xx, ${live.errors} unanswered`,
      },
      details: {
        missingDeliveries: live.missing,
        missedNotices: live.missedNotices,
        sendLatencyMs: live.sendLatencyMs,
        ...(allocatedBytesPerItem !== null && { allocatedBytesPerItem }),
        serverLogs: server.logs(),
      },
    });
  } finally {
    await server.stop();
  }
}
