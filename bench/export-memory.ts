// The export phase (opt-in: BENCH_PHASES=export): how much the server's resident memory
// rises while it streams every event of a large project through /api/v1/events/export.
import { createApiKey, createProject } from "@inlet/api";
import { withDatabase, type DatabaseTarget } from "./database.ts";
import { startInlet } from "./servers.ts";

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
}

export const EXPORT_EVENTS = Number(process.env.BENCH_EXPORT_EVENTS ?? 1_000_000);
/** The bound: exporting a million events raises RSS by less than this. */
export const EXPORT_RISE_LIMIT_MB = 50;
const INSERT_CHUNK = 100_000;
const SAMPLE_EVERY_MS = 50;

/** A project with `count` events spread over the last hours, and a read key for it. */
async function seed(target: DatabaseTarget, name: string, count: number) {
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
    const { key } = await createApiKey(database.prisma, {
      projectId: project.id,
      grant: "read",
      now: new Date(),
    });
    return key;
  });
}

/** Streams the export as a program would, reading as fast as it arrives, sampling the server's RSS. */
export async function exportPhase(
  phase: string,
  target: DatabaseTarget,
  count = EXPORT_EVENTS,
): Promise<ExportRow> {
  console.log(`  ${phase}: seeding ${count} events`);
  const key = await seed(target, `bench export ${Date.now()}`, count);
  const server = await startInlet(target);
  try {
    const headers = { authorization: `Bearer ${key}` };
    // Warm the routes and the key cache, so the baseline holds everything but the export.
    for (let i = 0; i < 3; i += 1)
      await (await fetch(`${server.url}/api/v1/events?limit=100`, { headers })).arrayBuffer();
    const baselineRssMb = server.rssMb() ?? NaN;
    let peakRssMb = baselineRssMb;
    const sampler = setInterval(() => {
      peakRssMb = Math.max(peakRssMb, server.rssMb() ?? 0);
    }, SAMPLE_EVERY_MS);
    const started = performance.now();
    let bytes = 0;
    let lines = 0;
    try {
      const response = await fetch(`${server.url}/api/v1/events/export?format=ndjson`, {
        headers,
      });
      if (response.status !== 200 || !response.body)
        throw new Error(`export answered ${response.status}`);
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        bytes += chunk.byteLength;
        for (const byte of chunk) if (byte === 10) lines += 1;
      }
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    peakRssMb = Math.max(peakRssMb, server.rssMb() ?? 0);
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
        ` (${row.eventsPerSecond} events/s); RSS ${row.baselineRssMb} → ${row.peakRssMb} MB, rise ${row.riseMb} MB`,
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
