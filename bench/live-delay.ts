import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import type { BenchProject } from "./database.ts";
import type { SubscribersData, SubscribersReply, SubscribersRequest } from "./live-subscribers.ts";
import { BROWSER_HEADERS } from "./load.ts";
import { eventBody } from "./traffic.ts";
import { percentile } from "./report.ts";

export interface LiveDelaySettings {
  subscribers: number;
  ratePerSecond: number;
  durationS: number;
}

export interface LiveDelayResult {
  subscribers: number;
  /** 2xx answers per second of the paced sender. */
  eventsPerSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  delayMs: { p50: number; p99: number; max: number };
  /** Time from sending an event to receiving its answer. */
  sendLatencyMs: { p50: number; p99: number };
  /** Deliveries expected (2xx events × subscribers) that never arrived. */
  missing: number;
  /** Items the server reported as skipped for a slow subscriber. */
  missedNotices: number;
}

const ARRIVAL_GRACE_MS = 5_000;

const VIEWERS_MODULE = new URL("./live-subscribers.ts", import.meta.url).href;

/** Absolute milliseconds, comparable with the viewers' thread (see live-subscribers.ts). */
const now = () => performance.timeOrigin + performance.now();

/** POSTs one event; resolves with the status (0 on a network error) when the answer is in. */
function send(agent: Agent, baseUrl: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${baseUrl}/e`, { method: "POST", agent, headers: BROWSER_HEADERS });
    req.setTimeout(10_000, () => req.destroy());
    req.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

/**
 * Sends events at a fixed rate while `subscribers` admins watch the live stream (on a worker
 * thread); the delay of a delivery is its arrival time minus the time the sender received
 * the event's 200.
 * The 200 carries no event id, so each event is named `live <n>` and matched by name.
 */
export async function measureLiveDelay(
  baseUrl: string,
  project: BenchProject,
  cookie: string,
  settings: LiveDelaySettings,
): Promise<LiveDelayResult> {
  // Loader hooks are per thread, and tsx's cannot load a worker's entry file itself: the
  // worker registers them, then imports its TypeScript module.
  const entry = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
    .then(({ register }) => { register(); return import(${JSON.stringify(VIEWERS_MODULE)}); })`;
  const viewers = new Worker(entry, {
    eval: true,
    workerData: {
      baseUrl,
      cookie,
      projectId: project.projectId,
      subscribers: settings.subscribers,
    } satisfies SubscribersData,
  });
  // One question at a time: each reply answers the request just sent.
  const ask = <T extends SubscribersReply["type"]>(request: SubscribersRequest & { type: T }) =>
    new Promise<Extract<SubscribersReply, { type: T }>>((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      viewers.once("error", failed);
      viewers.once("message", (reply: Extract<SubscribersReply, { type: T }>) => {
        viewers.off("error", failed);
        resolve(reply);
      });
      viewers.postMessage(request);
    });
  const everyoneSaw = async (names: string[]) => (await ask({ type: "allSaw", names })).seen;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const acked = new Map<string, number>();
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const post = async (name: string, token: string) => {
    const sentAt = performance.now();
    const status = await send(agent, baseUrl, eventBody(token, name, name));
    latencies.push(performance.now() - sentAt);
    if (status >= 200 && status < 300) acked.set(name, now());
    else if (status === 0) errors += 1;
    else non2xx += 1;
  };
  const tokenFor = (n: number) => project.tokens[n % project.tokens.length] ?? "";
  try {
    // Warm-up: the subscriptions are live once every subscriber has seen an event.
    for (let n = 0; n === 0 || !(await everyoneSaw([`warm-up ${n - 1}`])); n++) {
      if (n > 100) throw new Error("live subscribers did not receive warm-up events");
      await post(`warm-up ${n}`, tokenFor(n));
      await sleep(100);
    }
    const inFlight: Promise<void>[] = [];
    const total = Math.round(settings.ratePerSecond * settings.durationS);
    const start = performance.now();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, ((performance.now() - start) / 1000) * settings.ratePerSecond);
      for (; sent < due; sent++) inFlight.push(post(`live ${sent}`, tokenFor(sent)));
      await sleep(1);
    }
    await Promise.all(inFlight);
    const elapsedS = (performance.now() - start) / 1000;
    const live = [...acked.keys()].filter((name) => name.startsWith("live "));
    const deadline = performance.now() + ARRIVAL_GRACE_MS;
    while (!(await everyoneSaw(live)) && performance.now() < deadline) await sleep(50);

    const { arrivals, missedNotices } = await ask({ type: "arrivals" });
    const delays: number[] = [];
    for (const name of live) {
      for (const seen of arrivals) {
        const arrived = seen.get(name);
        if (arrived !== undefined) delays.push(arrived - (acked.get(name) ?? arrived));
      }
    }
    delays.sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);
    return {
      subscribers: settings.subscribers,
      eventsPerSecond: live.length / elapsedS,
      ok: acked.size,
      non2xx,
      errors,
      delayMs: {
        p50: percentile(delays, 50),
        p99: percentile(delays, 99),
        max: delays.at(-1) ?? NaN,
      },
      sendLatencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
      missing: live.length * settings.subscribers - delays.length,
      missedNotices,
    };
  } finally {
    await viewers.terminate();
    agent.destroy();
  }
}
