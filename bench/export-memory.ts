// The export phase (opt-in: BENCH_PHASES=export): how much the server's resident memory
// rises while it streams every event of a large project through /api/v1/events/export.
import { get, type IncomingMessage } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { createApiKey, createProject } from "@inlet/api";
import { withDatabase, type DatabaseTarget } from "./database.ts";
import { startInlet, type InletOptions, type ProbedMemory } from "./servers.ts";

export interface ExportRow {
  phase: string;
  events: number;
  linesReceived: number;
  megabytes: number;
  seconds: number;
  eventsPerSecond: number;
  baselineRssMb: number;
  peakRssMb: number;
  riseMb: number;
  /** The server's memoryUsage() before the export and at the sample where its RSS peaked. */
  atBaseline: MemoryMb | null;
  atPeak: MemoryMb | null;
  /** The largest V8 heap (used) and external memory seen during the export, in MB. */
  peakHeapUsedMb: number | null;
  peakExternalMb: number | null;
}

export interface MemoryMb {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** V8's young generation, old generation and large-object space (used), in MB. */
  newSpace: number;
  oldSpace: number;
  largeObjectSpace: number;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const inMb = (usage: ProbedMemory): MemoryMb => ({
  rss: mb(usage.rss),
  heapTotal: mb(usage.heapTotal),
  heapUsed: mb(usage.heapUsed),
  external: mb(usage.external),
  arrayBuffers: mb(usage.arrayBuffers),
  newSpace: mb(usage.spaces.new_space ?? 0),
  oldSpace: mb(usage.spaces.old_space ?? 0),
  largeObjectSpace: mb(usage.spaces.large_object_space ?? 0),
});

export const EXPORT_EVENTS = Number(process.env.BENCH_EXPORT_EVENTS ?? 1_000_000);
/** The bound: exporting a million events raises RSS by less than this. */
export const EXPORT_RISE_LIMIT_MB = 50;
// Each chunk is one statement under the pool's 15 s query timeout, even on a loaded machine.
const INSERT_CHUNK = 20_000;
const SAMPLE_EVERY_MS = 50;

/** A project with `count` events spread over the last hours, and a read key for it. */
export async function seedExport(target: DatabaseTarget, name: string, count: number) {
  return withDatabase(target, async (database) => {
    const { project } = await createProject(database.prisma, name);
    for (let start = 1; start <= count; start += INSERT_CHUNK) {
      const end = Math.min(count, start + INSERT_CHUNK - 1);
      await database.prisma.$executeRaw`
        INSERT INTO events (id, project_id, anonymous_id, name, url, custom_data, occurred_at, received_at)
        SELECT gen_random_uuid(), ${project.id}::uuid, 'anon-' || (g % 5000),
          CASE WHEN g % 3 = 0 THEN 'purchase' ELSE 'page_view' END,
          'https://shop.example/products/' || (g % 977),
          jsonb_build_object('plan', 'pro', 'n', g::text),
          now() - make_interval(secs => g / 100.0), now()
        FROM generate_series(${start}::int, ${end}::int) AS g`;
    }
    // Without statistics a million fresh rows get a plan that takes 0.6 s per batch (an
    // export of 25 minutes); autovacuum would analyze them on a real install.
    await database.prisma.$executeRawUnsafe("ANALYZE events");
    const { key } = await createApiKey(database.prisma, {
      projectId: project.id,
      grant: "read",
      now: new Date(),
    });
    return key;
  });
}

/**
 * Reads a download with node:http and counts its lines natively: fetch's web stream and a
 * byte-by-byte loop in this process were slower than the server (1,600 events/s against
 * 18,000 with curl), which measured the client instead of the export.
 */
async function download(url: string, key: string): Promise<{ bytes: number; lines: number }> {
  const response = await new Promise<IncomingMessage>((resolve, reject) =>
    get(url, { headers: { authorization: `Bearer ${key}` } }, resolve).once("error", reject),
  );
  if (response.statusCode !== 200) {
    response.resume();
    throw new Error(`export answered ${response.statusCode}`);
  }
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
  }
  return { bytes, lines };
}

/** Seeds `count` events, then measures one export of them (see `measureExport`). */
export async function exportPhase(
  phase: string,
  target: DatabaseTarget,
  count = EXPORT_EVENTS,
  options: InletOptions = {},
): Promise<ExportRow> {
  console.log(`  ${phase}: seeding ${count} events`);
  const key = await seedExport(target, `bench export ${Date.now()}`, count);
  return measureExport(phase, target, key, count, options);
}

/**
 * Streams the export as a program would, reading as fast as it arrives, while sampling the
 * server's RSS (from /proc) and its own memoryUsage() (through the probe) every 50 ms.
 */
export async function measureExport(
  phase: string,
  target: DatabaseTarget,
  key: string,
  count: number,
  options: InletOptions = {},
): Promise<ExportRow> {
  const server = await startInlet(target, { ...options, probe: true });
  try {
    const headers = { authorization: `Bearer ${key}` };
    // Warm the routes and the key cache, so the baseline holds everything but the export.
    for (let i = 0; i < 3; i += 1)
      await (await fetch(`${server.url}/api/v1/events?limit=100`, { headers })).arrayBuffer();
    const baseline = await server.memoryUsage();
    const atBaseline = baseline ? inMb(baseline) : null;
    const baselineRssMb = server.rssMb() ?? NaN;
    let peakRssMb = baselineRssMb;
    let atPeak: MemoryMb | null = null;
    let peakHeapUsedMb: number | null = null;
    let peakExternalMb: number | null = null;
    let sampling = true;
    const sample = async () => {
      const usage = await server.memoryUsage();
      const rss = server.rssMb() ?? 0;
      if (!usage) return;
      const now = inMb(usage);
      peakHeapUsedMb = Math.max(peakHeapUsedMb ?? 0, now.heapUsed);
      peakExternalMb = Math.max(peakExternalMb ?? 0, now.external);
      if (rss >= peakRssMb || !atPeak) atPeak = now;
      peakRssMb = Math.max(peakRssMb, rss);
    };
    const sampler = (async () => {
      while (sampling) {
        await sample();
        await sleep(SAMPLE_EVERY_MS);
      }
    })();
    const started = performance.now();
    let bytes = 0;
    let lines = 0;
    try {
      ({ bytes, lines } = await download(`${server.url}/api/v1/events/export?format=ndjson`, key));
    } finally {
      sampling = false;
      await sampler;
    }
    const seconds = (performance.now() - started) / 1000;
    await sample();
    return {
      phase,
      events: count,
      linesReceived: lines,
      megabytes: Math.round(bytes / 1024 / 1024),
      seconds: Math.round(seconds * 10) / 10,
      eventsPerSecond: Math.round(lines / seconds),
      baselineRssMb,
      peakRssMb,
      riseMb: peakRssMb - baselineRssMb,
      atBaseline,
      atPeak,
      peakHeapUsedMb,
      peakExternalMb,
    };
  } finally {
    await server.stop();
  }
}

export function printExports(rows: ExportRow[]): void {
  if (rows.length === 0) return;
  console.log("\nExport (GET /api/v1/events/export?format=ndjson; server RSS sampled every 50 ms)");
  for (const row of rows) {
    console.log(
      `  ${row.phase}: ${row.linesReceived}/${row.events} events, ${row.megabytes} MB in ${row.seconds} s` +
        ` (${row.eventsPerSecond} events/s); RSS ${row.baselineRssMb} → ${row.peakRssMb} MB, rise ${row.riseMb} MB;` +
        ` peak heap used ${row.peakHeapUsedMb ?? "–"} MB, peak external ${row.peakExternalMb ?? "–"} MB` +
        (row.atPeak
          ? ` (at the RSS peak: heap ${row.atPeak.heapUsed}/${row.atPeak.heapTotal} of which new ${row.atPeak.newSpace},` +
            ` old ${row.atPeak.oldSpace}, large objects ${row.atPeak.largeObjectSpace}; external ${row.atPeak.external})`
          : ""),
    );
  }
}

/** FAILURE lines: every event must arrive, and memory must stay within the bound. */
export function exportFailures(rows: ExportRow[]): string[] {
  return rows.flatMap((row) => [
    ...(row.linesReceived === row.events
      ? []
      : [`${row.phase}: ${row.linesReceived} lines for ${row.events} events`]),
    ...(row.riseMb < EXPORT_RISE_LIMIT_MB || row.events < 1_000_000
      ? []
      : [`${row.phase}: RSS rose ${row.riseMb} MB (limit ${EXPORT_RISE_LIMIT_MB} MB)`]),
  ]);
}
