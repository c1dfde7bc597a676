import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from "react";
import { isUnauthorized } from "../../../lib/errors.ts";
import { reportSessionExpired } from "../../../lib/session-expiry.ts";
import { useTRPC } from "../../../lib/trpc.ts";
import { LiveClient, visibleRows } from "./live-client.ts";
import { toServerFilters, type LiveFilters } from "./live-types.ts";

export type { Connection } from "./live-client.ts";

/**
 * The project's live stream over SSE, as a thin adapter: the subscription's events go to a
 * LiveClient (which holds every rule), and its state comes back for rendering. The client
 * outlives filter changes and reconnects; each new subscription resumes where it says.
 */
export function useLiveStream(projectId: string, filters: LiveFilters) {
  const trpc = useTRPC();
  const [client] = useState(() => new LiveClient());
  const state = useSyncExternalStore(client.subscribe, client.getState);
  useEffect(() => () => client.dispose(), [client]);
  const filterKey = JSON.stringify(toServerFilters(filters));
  // The stream to open: new filters open a new one, resuming where the client says.
  const [stream, setStream] = useState(() => ({
    filterKey,
    lastEventId: client.resumeFrom(filterKey),
  }));
  if (stream.filterKey !== filterKey) {
    setStream({ filterKey, lastEventId: client.resumeFrom(filterKey) });
  }
  const input = useMemo(
    () => ({
      projectId,
      ...(JSON.parse(stream.filterKey) as ReturnType<typeof toServerFilters>),
      lastEventId: stream.lastEventId,
    }),
    [projectId, stream],
  );

  // Before paint, so the screen never shows new filters over a stream that has not applied them.
  useLayoutEffect(() => {
    client.streamOpened(stream.filterKey, input.lastEventId);
  }, [client, input, stream.filterKey]);

  const subscription = useSubscription(
    trpc.live.events.subscriptionOptions(input, {
      onData: (envelope) => client.receive(envelope),
      onConnectionStateChange: (change) => {
        if (change.state === "pending") client.connected();
        else if (change.state === "connecting" && change.error)
          client.connectionLost(change.error.message);
        else if (change.state === "idle") client.streamEnded(resubscribe);
      },
      onError: (error) => {
        if (isUnauthorized(error)) reportSessionExpired();
        client.failed(error.message);
      },
    }),
  );

  // With no new id since this stream began, the input would not change: restart it as is.
  function resubscribe() {
    const lastEventId = client.resumeFrom(stream.filterKey);
    if (lastEventId === stream.lastEventId) subscription.reset();
    else setStream({ filterKey: stream.filterKey, lastEventId });
  }

  const rows = useMemo(() => visibleRows(state.rows, filters), [state.rows, filters]);
  return {
    ...state,
    rows,
    received: state.rows.length,
    pause: client.pause,
    resume: client.resume,
    clear: client.clear,
    dismissSkipped: client.dismissSkipped,
    reconnect: () => client.reconnect(resubscribe),
  };
}
