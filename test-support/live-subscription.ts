import type { AdminClient } from "./admin-client.ts";

type LiveInput = Parameters<AdminClient["live"]["events"]["subscribe"]>[0];
type LiveEntry = Parameters<
  NonNullable<Parameters<AdminClient["live"]["events"]["subscribe"]>[1]["onData"]>
>[0];
export type LiveItem = Extract<LiveEntry["data"], { type: "items" }>["items"][number];

/** Collects what a live subscription over SSE delivers until it is stopped. */
export function subscribeLive(client: AdminClient, input: LiveInput) {
  const received: LiveEntry[] = [];
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const subscription = client.live.events.subscribe(input, {
    onStarted: () => started(),
    onData: (data) => received.push(data),
  });
  const items = (): LiveItem[] =>
    received.flatMap((entry) => (entry.data.type === "items" ? entry.data.items : []));
  return { received, items, ready, stop: () => subscription.unsubscribe() };
}
