import { JsonView } from "../../../components/code-block.tsx";
import { Dialog } from "../../../components/dialog.tsx";
import { EventDetailDialog } from "../../../components/event-detail-dialog.tsx";
import { BatchDialog } from "./batch-dialog.tsx";
import type { LiveItem } from "./live-types.ts";

interface LiveDetailDialogProps {
  projectId: string;
  item: LiveItem;
  onClose: () => void;
}

/** Accepted items open the stored event; refusals were never stored, so show what came. */
export function LiveDetailDialog({ projectId, item, onClose }: LiveDetailDialogProps) {
  if (item.kind === "accepted") {
    // Checked although typed as always present: an item that stored no event (an identify,
    // say) can only show what the stream carried.
    if (item.eventId) {
      return <EventDetailDialog projectId={projectId} eventId={item.eventId} onClose={onClose} />;
    }
    return (
      <Dialog title={item.dryRun ? `${item.name} (dry run)` : item.name} onClose={onClose} wide>
        {item.dryRun && (
          <p className="notice">
            A dry run: nothing was stored. This is what would have been; the request&apos;s answer
            says under which user and why.
          </p>
        )}
        <JsonView value={item} label="Live item as JSON" />
      </Dialog>
    );
  }
  if (item.kind === "batch") return <BatchDialog item={item} onClose={onClose} />;
  return (
    <Dialog
      title={item.kind === "refused" ? `Refused with ${item.status}` : "Dropped request"}
      onClose={onClose}
      wide
    >
      <p className="notice notice-warning">
        <strong>Reason:</strong> {item.reason}
      </p>
      <p className="muted small">
        {item.dryRun && "A dry run. "}This request was not stored. Below is what the live stream
        recorded about it, including the start of its body.
      </p>
      <JsonView value={item} label="Request details as JSON" />
    </Dialog>
  );
}
