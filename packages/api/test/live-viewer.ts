// Helpers of the live.events tests: items to publish, and a viewer reading a stream message by message.
import { randomUUID } from "node:crypto";
import type { LiveItem, RejectedItem } from "@inlet/db";
import type { Caller, TestApi } from "./caller.ts";

export type LiveInput = Parameters<Caller["live"]["events"]>[0];

type Message = { type: "items"; items: LiveItem[] } | { type: "missed"; count: number };
/** One item (or notice) of a message, with the message's id. */
type Entry = { type: "item"; item: LiveItem } | { type: "missed"; count: number };
export interface Received {
  id: string;
  entry: Entry;
}

/** Items of the current project unless another is named, each a millisecond after the last. */
export function liveItemMaker(currentProject: () => string) {
  let clockMs = Date.parse("2030-06-01T00:00:00.000Z");
  const at = () => new Date(++clockMs).toISOString();
  return {
    /** A time this many milliseconds after the last item made. */
    later: (ms: number) => new Date(clockMs + ms).toISOString(),
    accepted: (
      name: string,
      user: string | null = null,
      projectId = currentProject(),
    ): LiveItem => {
      const eventId = randomUUID();
      return {
        itemId: eventId,
        kind: "accepted",
        projectId,
        eventId,
        name,
        url: null,
        userIdentifier: user,
        anonymousId: "anon",
        customData: null,
        at: at(),
      };
    },
    rejected: (kind: RejectedItem["kind"], name: string | null, user: string | null = null) => {
      return {
        itemId: randomUUID(),
        kind,
        projectId: currentProject(),
        status: kind === "refused" ? 401 : 503,
        reason: `${kind} for a test`,
        token: null,
        path: "/e",
        name,
        userIdentifier: user,
        excerpt: "{}",
        at: at(),
      } satisfies RejectedItem;
    },
  };
}

/** createCaller hands back tracked() values as [id, data] tuples: one message. */
function unwrap(value: unknown): { id: string; message: Message } {
  const [id, message] = value as [string, Message];
  return { id, message };
}

/** A message as the entries a test reads one by one. */
function entriesOf({ id, message }: { id: string; message: Message }): Received[] {
  if (message.type === "missed") return [{ id, entry: message }];
  return message.items.map((item) => ({ id, entry: { type: "item", item } }));
}

export const nameOf = (received: Received) =>
  received.entry.type === "item" ? received.entry.item.name : `missed ${received.entry.count}`;

/** Opens a stream and starts it, so it is listening before the test publishes. */
export async function openViewer(api: TestApi, sessionToken: string, input: LiveInput) {
  const controller = new AbortController();
  const { caller } = api.caller({ sessionToken }, controller.signal);
  const iterable: AsyncIterable<unknown> = await caller.live.events(input);
  const iterator = iterable[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<unknown>> | null = iterator.next();
  const messages: { id: string; message: Message }[] = [];
  const buffered: Received[] = [];
  /** The next whole message, as the server sent it. */
  const nextMessage = async () => {
    const result = await Promise.race([
      pending ?? iterator.next(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("no live entry within 2 s")), 2_000),
      ),
    ]);
    pending = null;
    if (result.done) throw new Error("stream ended");
    const message = unwrap(result.value);
    messages.push(message);
    return message;
  };
  const next = async (): Promise<Received> => {
    while (buffered.length === 0) buffered.push(...entriesOf(await nextMessage()));
    return buffered.shift() as Received;
  };
  const take = async (count: number) => {
    const out: Received[] = [];
    while (out.length < count) out.push(await next());
    return out;
  };
  return { controller, iterator, next, take, messages, pending: () => pending };
}
