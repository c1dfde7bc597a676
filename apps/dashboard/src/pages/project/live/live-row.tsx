import { memo } from "react";
import { formatCount, formatTime } from "../../../lib/format.ts";
import { eventSummary } from "../../../lib/properties.ts";
import type { Novel } from "@inlet/contracts";
import type { LiveItem, LiveRow } from "./live-types.ts";

function itemTitle(item: LiveItem): string {
  if (item.name) return item.name;
  if (item.kind === "batch") return `batch of ${formatCount(item.items)}`;
  return item.kind === "accepted" ? "(unnamed)" : `request to ${item.path}`;
}

/** Set at ingest: an event name or keys this project had never received before. */
function NewMarks({ novel }: { novel: Novel | undefined }) {
  if (!novel) return null;
  const { keys } = novel;
  return (
    <>
      {novel.name && (
        <span className="badge badge-new" title="The first event of this name in this project">
          new event
        </span>
      )}
      {keys.length > 0 && (
        <span className="badge badge-new" title="Property keys this event never carried before">
          new {keys.length === 1 ? "key" : "keys"}: {keys.join(", ")}
        </span>
      )}
    </>
  );
}

function ItemSummary({ item }: { item: LiveItem }) {
  if (item.kind === "accepted") {
    // The properties say what happened; the anonymous id is in the detail for those who need it.
    // Null when too large to travel between processes: the stored event has them.
    const summary =
      item.customData === null
        ? "open for its properties"
        : eventSummary(item.url, item.customData);
    return (
      <span className="live-detail muted">
        <NewMarks novel={item.novel} /> {summary}
      </span>
    );
  }
  if (item.kind === "batch") {
    return (
      <span className="live-detail">
        {formatCount(item.accepted)} accepted, {formatCount(item.refusedCount)} refused,{" "}
        {formatCount(item.duplicates)} duplicates
      </span>
    );
  }
  return (
    <span className="live-detail">
      {item.kind === "refused" && <span className="status-code">{item.status}</span>}
      <span className="live-reason">{item.reason}</span>
    </span>
  );
}

interface LiveRowViewProps {
  row: LiveRow;
  onOpen: (row: LiveRow & { type: "item" }) => void;
}

/** Memoised: with a thousand rows on screen only new rows should render. */
export const LiveRowView = memo(function LiveRowView({ row, onOpen }: LiveRowViewProps) {
  if (row.type === "missed") {
    return (
      <li className="live-row live-row-missed" role="note">
        {formatCount(row.count)} {row.count === 1 ? "event was" : "events were"} skipped here
        because this view fell behind the stream.
      </li>
    );
  }
  const { item } = row;
  return (
    <li className={`live-row live-row-${item.kind}`}>
      <button type="button" className="live-row-button" onClick={() => onOpen(row)}>
        <time className="live-time" dateTime={item.at}>
          {formatTime(item.at)}
        </time>
        <span className={`badge badge-${item.kind}`}>{item.kind}</span>
        {item.dryRun && (
          <span className="badge badge-dry-run" title="A dry run: checked, answered, not stored">
            dry run
          </span>
        )}
        <span className="live-name">{itemTitle(item)}</span>
        <span className="live-user">
          {item.kind === "batch" ? "" : (item.userIdentifier ?? "anonymous")}
        </span>
        <ItemSummary item={item} />
      </button>
    </li>
  );
});
