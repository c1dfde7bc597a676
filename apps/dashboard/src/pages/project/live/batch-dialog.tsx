import { JsonView } from "../../../components/code-block.tsx";
import { Dialog } from "../../../components/dialog.tsx";
import { formatCount } from "../../../lib/format.ts";
import type { LiveItem } from "./live-types.ts";

type BatchLiveItem = Extract<LiveItem, { kind: "batch" }>;

/** A batch's verdicts: what it stored, and each refused item with its reason. */
export function BatchDialog({ item, onClose }: { item: BatchLiveItem; onClose: () => void }) {
  const unlisted = item.refusedCount - item.refused.length;
  return (
    <Dialog
      title={`${item.dryRun ? "Dry run of a batch" : "Batch"} of ${formatCount(item.items)} items`}
      onClose={onClose}
      wide
    >
      {item.dryRun && (
        <p className="notice">
          A dry run: these are the verdicts the batch would get. Nothing was stored.
        </p>
      )}
      <p>
        {formatCount(item.accepted)} accepted ({formatCount(item.duplicates)} of them duplicates
        already stored), {formatCount(item.refusedCount)} refused.
      </p>
      {item.refused.length > 0 && (
        <table className="table">
          <caption>Refused items</caption>
          <thead>
            <tr>
              <th scope="col">Index</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {item.refused.map((refusal) => (
              <tr key={refusal.index}>
                <td>{refusal.index}</td>
                <td>{refusal.status}</td>
                <td>{refusal.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {unlisted > 0 && (
        <p className="muted small">
          {formatCount(unlisted)} more refused items are listed in the batch's answer only.
        </p>
      )}
      <JsonView value={item} label="Batch summary as JSON" />
    </Dialog>
  );
}
