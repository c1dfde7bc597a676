import { useCallback, useState } from "react";
import { Link } from "wouter";
import { LiveDetailDialog } from "../live/live-detail-dialog.tsx";
import { ConnectionIndicator } from "../live/live-notices.tsx";
import { LiveRowView } from "../live/live-row.tsx";
import { ALL_KINDS, type LiveFilters, type LiveItem, type LiveRow } from "../live/live-types.ts";
import { useLiveStream } from "../live/use-live-stream.ts";

const EVERYTHING: LiveFilters = { names: [], userIdentifier: "", kinds: [...ALL_KINDS] };
const SHOWN = 5;

/**
 * The live stream starts empty when opened, so a test event sent from here would be gone
 * by the time the Live tab opens. Watching on this page shows it arrive.
 */
export function LivePreview({ projectId }: { projectId: string }) {
  const live = useLiveStream(projectId, EVERYTHING);
  const [open, setOpen] = useState<LiveItem | null>(null);
  const onOpen = useCallback((row: LiveRow & { type: "item" }) => setOpen(row.item), []);
  const rows = live.rows.slice(0, SHOWN);

  return (
    <div className="live-preview stack">
      <div className="section-header">
        <h3>Arriving now</h3>
        <ConnectionIndicator connection={live.connection} />
      </div>
      {rows.length === 0 ? (
        <p className="muted live-preview-empty">
          Waiting for the first event. Send a test event, or run one of the commands below.
        </p>
      ) : (
        <ol className="live-list" aria-label="Latest events on this page">
          {rows.map((row) => (
            <LiveRowView key={row.key} row={row} onOpen={onOpen} />
          ))}
        </ol>
      )}
      <p className="small">
        <Link href="/live">Open the full Live view</Link>
      </p>
      {open && <LiveDetailDialog projectId={projectId} item={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
