// The live bench's viewers, on a worker thread of their own: parsing every viewer's stream
// on the sender's thread delayed its paced sends, so the bench measured its own queue.
// Arrival times are absolute (timeOrigin + now), comparable with the sender's thread.
import { parentPort, workerData } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import { adminClient } from "../test-support/admin-client.ts";

export interface SubscribersData {
  baseUrl: string;
  cookie: string;
  projectId: string;
  subscribers: number;
}

/** What the sender asks, and what this thread answers. */
export type SubscribersRequest = { type: "allSaw"; names: string[] } | { type: "arrivals" };
export type SubscribersReply =
  | { type: "allSaw"; seen: boolean }
  | { type: "arrivals"; arrivals: Map<string, number>[]; missedNotices: number };

const now = () => performance.timeOrigin + performance.now();

if (parentPort) {
  const port = parentPort;
  const { baseUrl, cookie, projectId, subscribers } = workerData as SubscribersData;
  const arrivals = Array.from({ length: subscribers }, () => new Map<string, number>());
  let missedNotices = 0;
  const subscriptions = arrivals.map((seen) =>
    adminClient(baseUrl, cookie).live.events.subscribe(
      { projectId, kinds: ["accepted"] },
      {
        onData: ({ data }) => {
          if (data.type === "missed") missedNotices += data.count;
          else {
            const arrivedAt = now();
            for (const item of data.items) if (item.name !== null) seen.set(item.name, arrivedAt);
          }
        },
        onError: (error) => console.error(`live subscription failed: ${String(error)}`),
      },
    ),
  );
  port.on("message", (request: SubscribersRequest) => {
    if (request.type === "allSaw") {
      const seen = arrivals.every((byName) => request.names.every((name) => byName.has(name)));
      port.postMessage({ type: "allSaw", seen } satisfies SubscribersReply);
      return;
    }
    for (const subscription of subscriptions) subscription.unsubscribe();
    port.postMessage({ type: "arrivals", arrivals, missedNotices } satisfies SubscribersReply);
  });
}
