import { spawn, type ChildProcess, type Serializable } from "node:child_process";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

const root = new URL("..", import.meta.url).pathname;
// The compiled server, as `pnpm start` runs it (`pnpm bench` builds it first).
// BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of each Inlet server there when it stops
// (read one with `node --import tsx bench/profile-summary.ts <file>`).
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
const PROFILE_FLAGS = PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : [];
// BENCH_ALLOCATIONS=<dir> samples what each load phase allocates (see phases.ts).
export const ALLOCATIONS_DIR = process.env.BENCH_ALLOCATIONS;
// BENCH_INLET_ENTRY runs another checkout's launcher (e.g. main's, to compare back to back).
const INLET_LAUNCHER = process.env.BENCH_INLET_ENTRY ?? `${root}apps/server/bin/inlet-server`;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const KEPT_LINES = 20;

export interface ServerChild {
  name: string;
  url: string;
  pid: number;
  /** Milliseconds from spawning the process to its first ready answer (see `startInlet`). */
  startMs: number;
  /** VmHWM: the highest resident set size the process has had since it started. */
  peakRssMb(): number | null;
  /** VmRSS: its resident set size now. */
  rssMb(): number | null;
  /** The child's own process.memoryUsage(), when started with the memory probe; else null. */
  memoryUsage(): Promise<ProbedMemory | null>;
  /** With the memory probe: starts sampling allocations; false when it could not. */
  sampleAllocations(): Promise<boolean>;
  /** Stops sampling, writes the profile to `file`, and gives the bytes allocated meanwhile. */
  writeAllocations(file: string): Promise<number | null>;
  /** User + system CPU time the process has used so far. */
  cpuSeconds(): number | null;
  /**
   * Lines the child printed once it answered as ready (warnings and errors at
   * LOG_LEVEL=warn); its start-up banner is not counted.
   */
  logs(): { count: number; samples: string[] };
  /** SIGTERM, then SIGKILL after a grace period; safe to call more than once. */
  stop(): Promise<void>;
}

/** What bench/memory-probe.mjs answers: memoryUsage() and bytes used per V8 heap space. */
export type ProbedMemory = NodeJS.MemoryUsage & { spaces: Record<string, number> };

const running = new Set<ChildProcess>();

/** Last resort, synchronous (usable in an `exit` handler): no server outlives the bench. */
export function killAllNow(): void {
  for (const child of running) child.kill("SIGKILL");
}

function readStatusMb(pid: number, field: "VmHWM" | "VmRSS"): number | null {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
      readFileSync(`/proc/${pid}/status`, "utf8"),
    );
    return match?.[1] ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * The probe's answer to `message` (its `key` field), or null without a probe or when it
 * does not answer within `timeoutMs`.
 */
function askProbe<T>(
  child: ChildProcess,
  message: Serializable,
  key: string,
  timeoutMs = 1_000,
): Promise<T | null> {
  if (!child.connected) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(null), timeoutMs);
    const onMessage = (answer: unknown) => {
      if (typeof answer === "object" && answer !== null && key in answer)
        done((answer as Record<string, T>)[key] ?? null);
    };
    function done(value: T | null) {
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(value);
    }
    child.on("message", onMessage);
    child.send(message);
  });
}

const CLOCK_TICKS_PER_SECOND = 100;

export function readCpuSeconds(pid: number): number | null {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * Runs `command` and waits for it to print its URL, then for `isReady` (when given) to
 * hold; `startMs` covers both. The memory probe is preloaded through NODE_OPTIONS, so Inlet
 * keeps the flags its launcher gives it.
 */
async function startChild(
  name: string,
  [file, ...args]: [string, ...string[]],
  env: Record<string, string>,
  ready: RegExp,
  isReady: (url: string) => Promise<boolean> = async () => true,
  probe = false,
): Promise<ServerChild> {
  const spawnedAt = performance.now();
  const preload = probe ? { NODE_OPTIONS: `--import ${root}bench/memory-probe.mjs` } : {};
  const child = spawn(file, args, {
    cwd: root,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env, ...preload },
    stdio: probe ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      running.delete(child);
      resolve();
    }),
  );
  // Lines before it answered as ready (the banner, or why it could not start), and after.
  const startOutput: string[] = [];
  const samples: string[] = [];
  let count = 0;
  let answering = false;
  let url: string | undefined;
  let pending = "";
  const onUrl = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start in time`)),
      START_TIMEOUT_MS,
    );
    const onChunk = (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const match = url ? null : ready.exec(line);
        if (match?.[1]) {
          url = match[1];
          clearTimeout(timer);
          resolve(url);
        } else if (line.trim()) {
          const kept = answering ? samples : startOutput;
          if (answering) count += 1;
          if (kept.length < KEPT_LINES) kept.push(line.slice(0, 500));
        }
      }
    };
    child.stdout?.on("data", onChunk);
    child.stderr?.on("data", onChunk);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready:\n${startOutput.join("\n")}`));
    });
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    const address = await onUrl;
    while (!(await isReady(address))) {
      if (performance.now() - spawnedAt > START_TIMEOUT_MS)
        throw new Error(`${name} was not ready in time`);
      await sleep(10);
    }
    answering = true;
    return {
      name,
      url: address,
      pid: child.pid ?? -1,
      startMs: Math.round(performance.now() - spawnedAt),
      peakRssMb: () => readStatusMb(child.pid ?? -1, "VmHWM"),
      rssMb: () => readStatusMb(child.pid ?? -1, "VmRSS"),
      memoryUsage: () => askProbe<ProbedMemory>(child, "memory", "memory"),
      sampleAllocations: async () =>
        (await askProbe<boolean>(child, "allocations-start", "samplingAllocations")) === true,
      // A profile of a whole phase takes a while to write.
      writeAllocations: (file) =>
        askProbe<number>(child, { allocationsTo: file }, "allocatedBytes", 30_000),
      cpuSeconds: () => readCpuSeconds(child.pid ?? -1),
      logs: () => ({ count, samples: [...samples] }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

const OWN_READY = /listening at (\S+)/;

const benchScript = (file: string): [string, ...string[]] => [
  process.execPath,
  "--import",
  "tsx",
  `${root}bench/${file}`,
];

export function startCeiling(): Promise<ServerChild> {
  return startChild("ceiling", benchScript("ceiling-server.ts"), {}, OWN_READY);
}

export function startNaive(databaseUrl: string): Promise<ServerChild> {
  return startChild(
    "naive",
    benchScript("naive-server.ts"),
    { DATABASE_URL: databaseUrl },
    OWN_READY,
  );
}

/** The peers' design: validate, `queue.add` to Redis with BullMQ, answer 200. */
export function startPeer(databaseUrl: string): Promise<ServerChild> {
  return startChild(
    "peer",
    benchScript("peer-server.ts"),
    { DATABASE_URL: databaseUrl },
    OWN_READY,
  );
}

/** The peers' worker: drains that queue into PostgreSQL (bench/peer-worker.ts). */
export function startPeerWorker(databaseUrl: string): Promise<ServerChild> {
  return startChild(
    "peer worker",
    benchScript("peer-worker.ts"),
    { DATABASE_URL: databaseUrl },
    OWN_READY,
  );
}

const answersReady = async (url: string) => {
  try {
    return (await fetch(`${url}/ready`)).status === 200;
  } catch {
    return false;
  }
};

export interface InletOptions {
  /** Preload bench/memory-probe.mjs, so `memoryUsage()` answers (always with BENCH_ALLOCATIONS). */
  probe?: boolean;
  /** More environment for the server (e.g. DATABASE_READ_URL). */
  env?: Record<string, string>;
}

/** Inlet's real entry point, with the per-token rate limit out of the way. */
export function startInlet(
  database: { url: string } | { dataDir: string },
  { probe = ALLOCATIONS_DIR !== undefined, env: extraEnv = {} }: InletOptions = {},
): Promise<ServerChild> {
  const env: Record<string, string> = {
    INGEST_RATE_LIMIT_PER_SECOND: "1000000000",
    LOGIN_ATTEMPTS_PER_MINUTE: "1000",
    SHUTDOWN_TIMEOUT_MS: "8000",
    // An empty DATABASE_URL counts as unset: PGlite in INLET_DATA_DIR.
    ...("url" in database
      ? { DATABASE_URL: database.url }
      : { DATABASE_URL: "", INLET_DATA_DIR: database.dataDir }),
    ...extraEnv,
  };
  return startChild(
    "inlet",
    [INLET_LAUNCHER, ...PROFILE_FLAGS],
    env,
    /Inlet is running at (\S+)/,
    answersReady,
    probe,
  );
}
