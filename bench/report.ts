import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import type { AlternatingRounds } from "./alternating-rounds.ts";
import type { PeerDrain } from "./peer-phase.ts";

export interface StoredCheck {
  /** Requests answered 2xx, and how many of them have their row. */
  acked: number;
  ackedStored: number;
  /** Rows stored in the phase's project; above `acked` only for requests cut off unanswered. */
  stored: number;
  ok: boolean;
  message: string;
}

export interface PhaseRow {
  phase: string;
  eventsPerSecond: number;
  /** Request latency for load phases; arrival delay for live-stream phases. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  peakRssMb: number | null;
  /** Resident memory after start, before the load (load phases). */
  idleRssMb: number | null;
  /** From the server process's spawn to its first ready answer. */
  startMs: number;
  /** CPU time during the measurement: the server child, and this process (load, subscribers). */
  cpuSeconds: { server: number; bench: number };
  /** Server CPU per accepted request (load phases) or per delivered live item (live phases). */
  serverCpuUsPerEvent: number;
  /**
   * CPU of the PostgreSQL backends serving the phase's database, per accepted event (load
   * phases on PostgreSQL; absent elsewhere). WAL writer and checkpointer are not included.
   */
  databaseCpuUsPerEvent?: number;
  non2xx: number;
  errors: number;
  check: StoredCheck | null;
  details: Record<string, unknown>;
}

export interface Report {
  settings: Record<string, number>;
  throughput: PhaseRow[];
  live: PhaseRow[];
  ratios: Record<string, number>;
  /** Short phases of the anonymous, identified and mixed shapes taking turns (bench/alternating-rounds.ts). */
  alternating?: AlternatingRounds | null;
  /** The opt-in export phase's memory measurements (bench/export-memory.ts). */
  exports?: unknown[];
  /** The database alone storing batches with Inlet's statement (bench/database-only.ts). */
  databaseOnly?: {
    batch: number;
    connections: number;
    shape: string;
    eventsPerSecond: number;
    databaseCpuUsPerEvent: number;
  }[];
  failures: string[];
}

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export function machineInfo() {
  const cores = cpus();
  return {
    cores: cores.length,
    cpuModel: cores[0]?.model ?? "unknown",
    totalMemoryMb: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };
}

const number = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString("en-US", {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      })
    : "–";

function table(title: string, rows: PhaseRow[], latencyLabel: string): string {
  const header = [
    "phase",
    "events/s",
    `p50 ${latencyLabel}`,
    "p99",
    "max",
    "server CPU µs/event",
    "DB CPU µs/event",
    "idle/peak RSS MB",
    "start ms",
    "non-2xx",
  ];
  const lines = [[...header, "errors", "CPU s server/bench", "rows stored = 2xx"]];
  for (const row of rows) {
    lines.push([
      row.phase,
      number(row.eventsPerSecond),
      number(row.p50Ms, 1),
      number(row.p99Ms, 1),
      number(row.maxMs, 1),
      number(row.serverCpuUsPerEvent),
      number(row.databaseCpuUsPerEvent ?? NaN),
      `${row.idleRssMb === null ? "–" : number(row.idleRssMb)} / ${row.peakRssMb === null ? "–" : number(row.peakRssMb)}`,
      number(row.startMs),
      number(row.non2xx),
      number(row.errors),
      `${number(row.cpuSeconds.server, 1)} / ${number(row.cpuSeconds.bench, 1)}`,
      row.check ? (row.check.ok ? "yes" : "NO") + ` (${row.check.message})` : "–",
    ]);
  }
  const widths = lines[0]?.map((_, column) =>
    Math.max(...lines.map((l) => l[column]?.length ?? 0)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths?.[column] ?? 0) : cell.padStart(widths?.[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [title, ...lines.map(format)].join("\n");
}

export function printReport(report: Report): void {
  const machine = machineInfo();
  const { durationS, connections, liveRatePerSecond } = report.settings;
  console.log(
    `\nInlet bench: ${durationS} s per phase, ${connections} connections; ${machine.cores} cores` +
      ` (${machine.cpuModel}), ${number(machine.totalMemoryMb)} MB, node ${machine.node}\n`,
  );
  console.log(
    table("Ingestion (autocannon, POST /e; latency per request)", report.throughput, "ms"),
  );
  console.log();
  const liveTitle =
    `Live-stream delay (Inlet on Postgres, ${number(liveRatePerSecond ?? NaN)} events/s paced;` +
    " delay = SSE arrival − 200 received)";
  console.log(table(liveTitle, report.live, "delay ms"));
  for (const row of report.databaseOnly ?? [])
    console.log(
      `\nDatabase only (Inlet's statement through pg, ${row.shape}, batch ${row.batch} × ${row.connections}` +
        ` connections): ${number(row.eventsPerSecond)} events/s, database CPU ${number(row.databaseCpuUsPerEvent)} µs/event`,
    );
  for (const row of report.throughput) {
    const drain = row.details.drain as PeerDrain | undefined;
    if (drain)
      console.log(
        `\n${row.phase}: ${number(row.eventsPerSecond)} events/s acknowledged, ` +
          `${number(drain.storedPerSecond)} stored per second of the load; ` +
          `${number(drain.backlogAtLoadEnd)} still queued when it stopped, stored ${number(drain.drainS, 1)} s later`,
      );
  }
  if (report.alternating) printRounds(report.alternating);
  console.log("\nRatios (events/s)");
  for (const [name, value] of Object.entries(report.ratios))
    console.log(`  ${name}: ${number(value, 2)}`);
  for (const failure of report.failures) console.log(`FAILURE: ${failure}`);
}

function printRounds({ durationS, rounds, ratios }: AlternatingRounds): void {
  console.log(`\nAlternating rounds (${durationS} s per phase; events/s, server CPU µs/event)`);
  rounds.forEach((round, i) => {
    const shapes = Object.entries(round).map(
      ([shape, row]) =>
        `${shape} ${number(row.eventsPerSecond)} (${number(row.serverCpuUsPerEvent)})`,
    );
    console.log(`  round ${i + 1}: ${shapes.join(", ")}`);
  });
  for (const [shape, { rounds: each, median }] of Object.entries(ratios))
    console.log(
      `  ${shape} / anonymous: ${each.map((ratio) => number(ratio, 2)).join(", ")}; median ${number(median, 2)}`,
    );
}

/** `latest.json` holds only complete runs, so its ratios always come from one run. */
export async function writeReport(report: Report, partial: boolean): Promise<string> {
  const directory = new URL("./results/", import.meta.url);
  await mkdir(directory, { recursive: true });
  const file = new URL(partial ? "partial.json" : "latest.json", directory);
  await writeFile(file, `${JSON.stringify({ machine: machineInfo(), ...report }, null, 2)}\n`);
  return file.pathname;
}
