import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { isUnauthorized } from "../../../lib/errors.ts";
import { reportSessionExpired } from "../../../lib/session-expiry.ts";
import { useTRPC } from "../../../lib/trpc.ts";
import { RecentIds } from "./recent-ids.ts";
import { matchesLiveFilter } from "@inlet/contracts";
import { toServerFilters, type LiveEnvelope, type LiveFilters } from "./live-types.ts";
import { useLiveBuffer } from "./use-live-buffer.ts";

export type Connection =
  | { state: "connecting" }
  | { state: "live"; resumedAt: number | null }
  | { state: "reconnecting"; reason: string }
  | { state: "failed"; reason: string };

const MAX_RETRY_DELAY_MS = 10_000;

/**
 * The project's live stream over SSE. The buffer outlives filter changes and reconnects;
 * every new subscription starts from the last id seen, so nothing falls in between.
 */
export function useLiveStream(projectId: string, filters: LiveFilters) {
  const trpc = useTRPC();
  const buffer = useLiveBuffer();
  const lastEventId = useRef<string | null>(null);
  const seen = useRef(new RecentIds());
  const missedNotices = useRef(0);
  const lastItemAt = useRef<string | null>(null);
  const retries = useRef(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Bumped to resubscribe: a new input is what makes useSubscription start over.
  const [generation, setGeneration] = useState(0);
  const [connection, setConnection] = useState<Connection>({ state: "connecting" });
  const [skipped, setSkipped] = useState(0);
  const filterKey = JSON.stringify(toServerFilters(filters));
  const { add } = buffer;

  // Where the stream was last complete: set when server-side filters start holding items
  // back, so that when filters change the server backfills them from its history.
  const filteredSince = useRef<{ from: string | null } | null>(null);
  const inputFilterKey = useRef<string | null>(null);

  // Ids are read, not depended on: a new id must not restart the subscription. A new
  // generation does (a reconnect), from the latest id. Backfilled repeats are dropped by id.
  const input = useMemo(() => {
    const backfill = filterKey !== inputFilterKey.current && filteredSince.current;
    return {
      projectId,
      ...(JSON.parse(filterKey) as ReturnType<typeof toServerFilters>),
      lastEventId: backfill ? backfill.from : lastEventId.current,
    };
  }, [projectId, filterKey, generation]);

  // A new input is a new stream: say so until the server confirms it. Before paint, so the
  // screen never shows new filters over a stream that has not applied them yet.
  useLayoutEffect(() => {
    setConnection({ state: "connecting" });
    const filtered = filterKey !== "{}";
    filteredSince.current = filtered
      ? (filteredSince.current ?? { from: input.lastEventId })
      : null;
    inputFilterKey.current = filterKey;
  }, [input, filterKey]);
  useEffect(() => () => clearTimeout(retryTimer.current), []);

  const resetRef = useRef<() => void>(() => undefined);
  const resubscribe = (delayMs: number) => {
    clearTimeout(retryTimer.current);
    retryTimer.current = setTimeout(() => {
      // Same input means the same subscription key, which only an explicit reset restarts.
      if (lastEventId.current === input.lastEventId) resetRef.current();
      else setGeneration((value) => value + 1);
    }, delayMs);
  };

  const onData = (envelope: LiveEnvelope) => {
    lastEventId.current = envelope.id;
    const payload = envelope.data;
    if (payload.type === "missed") {
      setSkipped((count) => count + payload.count);
      // A replay can repeat a notice's id, and keys must stay unique.
      add({
        key: `missed-${envelope.id}-${++missedNotices.current}`,
        // The server's clock orders rows; the newest item's time places the notice.
        at: lastItemAt.current ?? new Date().toISOString(),
        type: "missed",
        count: payload.count,
      });
    } else if (seen.current.remember(payload.item.itemId)) {
      if (!lastItemAt.current || payload.item.at > lastItemAt.current) {
        lastItemAt.current = payload.item.at;
      }
      add({ key: payload.item.itemId, at: payload.item.at, type: "item", item: payload.item });
    }
  };

  const subscription = useSubscription(
    trpc.live.events.subscriptionOptions(input, {
      onData,
      onConnectionStateChange: (change) => {
        if (change.state === "pending") {
          retries.current = 0;
          setConnection((previous) => ({
            state: "live",
            resumedAt: previous.state === "reconnecting" ? Date.now() : null,
          }));
        } else if (change.state === "connecting" && change.error) {
          setConnection({ state: "reconnecting", reason: change.error.message });
        } else if (change.state === "idle") {
          // The server ended the stream (a restart, say); the browser will not reconnect
          // by itself after a clean end, so do it, backing off while the server is away.
          setConnection({ state: "reconnecting", reason: "The server closed the stream" });
          resubscribe(Math.min(1_000 * 2 ** retries.current++, MAX_RETRY_DELAY_MS));
        }
      },
      onError: (error) => {
        if (isUnauthorized(error)) reportSessionExpired();
        setConnection({ state: "failed", reason: error.message });
      },
    }),
  );

  resetRef.current = subscription.reset;

  const reconnect = () => {
    setConnection({ state: "connecting" });
    resubscribe(0);
  };

  // Rows received under looser filters stay in the buffer and reappear when filters loosen.
  const visible = useMemo(
    () =>
      buffer.rows.filter((row) => row.type === "missed" || matchesLiveFilter(filters, row.item)),
    [buffer.rows, filters],
  );

  return {
    ...buffer,
    rows: visible,
    received: buffer.rows.length,
    connection,
    skipped,
    dismissSkipped: () => setSkipped(0),
    reconnect,
  };
}
