import { useCallback, useState } from "react";
import { Link } from "wouter";
import { EmptyState } from "../../../components/state-views.tsx";
import { formatCount } from "../../../lib/format.ts";
import { LiveDetailDialog } from "./live-detail-dialog.tsx";
import { LiveFilterBar } from "./live-filters.tsx";
import {
  ConnectionIndicator,
  ConnectionNotice,
  PausedNotice,
  SkippedNotice,
} from "./live-notices.tsx";
import { LiveRowView } from "./live-row.tsx";
import type { LiveFilters, LiveItem, LiveRow } from "./live-types.ts";
import { liveFiltersOf, readLiveDraft } from "./live-url.ts";
import { MAX_ROWS } from "./live-client.ts";
import { useLiveStream } from "./use-live-stream.ts";

export function LivePage({ projectId }: { projectId: string }) {
  // From the address at once, so a reload subscribes with its filters from the start.
  const [filters, setFilters] = useState<LiveFilters>(() =>
    liveFiltersOf(readLiveDraft(new URLSearchParams(window.location.search))),
  );
  const [open, setOpen] = useState<LiveItem | null>(null);
  const live = useLiveStream(projectId, filters);
  const onOpen = useCallback((row: LiveRow & { type: "item" }) => setOpen(row.item), []);

  return (
    <section className="stack" aria-labelledby="live-heading">
      <div className="section-header">
        <div className="section-title">
          <h2 id="live-heading">Live</h2>
          <ConnectionIndicator connection={live.connection} />
        </div>
        <div className="toolbar">
          {live.paused ? (
            <button type="button" className="button button-primary" onClick={live.resume}>
              Resume
            </button>
          ) : (
            <button type="button" className="button" onClick={live.pause}>
              Pause
            </button>
          )}
          <button
            type="button"
            className="button button-ghost"
            onClick={live.clear}
            disabled={live.rows.length === 0}
          >
            Clear
          </button>
        </div>
      </div>

      <LiveFilterBar onChange={setFilters} />
      <ConnectionNotice connection={live.connection} onReconnect={live.reconnect} />
      <SkippedNotice count={live.skipped} onAction={live.dismissSkipped} />
      {live.paused && <PausedNotice count={live.newWhilePaused} onAction={live.resume} />}

      {live.rows.length === 0 ? (
        <EmptyState
          title={
            live.received > 0
              ? "Nothing matches these filters yet"
              : live.paused
                ? "Nothing shown while paused"
                : "Waiting for events…"
          }
        >
          <p>
            Events appear here the moment they arrive, newest first, along with requests that were
            refused or dropped. <Link href="/onboarding">Send a test event</Link>.
          </p>
        </EmptyState>
      ) : (
        <>
          <ol className="live-list" aria-label="Live events, newest first">
            {live.rows.map((row) => (
              <LiveRowView key={row.key} row={row} onOpen={onOpen} />
            ))}
          </ol>
          {live.rows.length >= MAX_ROWS && (
            <p className="muted small centered">
              Showing the {formatCount(MAX_ROWS)} most recent; older ones are in Events.
            </p>
          )}
        </>
      )}

      {open && <LiveDetailDialog projectId={projectId} item={open} onClose={() => setOpen(null)} />}
    </section>
  );
}
