import { useEffect, useMemo, useState } from "react";
import { Field } from "../../../components/field.tsx";
import { useUrlDraft } from "../../../lib/use-url-draft.ts";
import { ALL_KINDS, type LiveFilters, type LiveKind } from "./live-types.ts";
import { liveFiltersOf, readLiveDraft, writeLiveDraft } from "./live-url.ts";

const KIND_LABELS: Record<LiveKind, string> = {
  accepted: "Accepted",
  refused: "Refused",
  dropped: "Dropped",
  batch: "Batches",
};

/** How many filters differ from showing everything, for the collapsed bar's button. */
function activeCount(filters: LiveFilters): number {
  return (
    (filters.names.length > 0 ? 1 : 0) +
    (filters.userIdentifier ? 1 : 0) +
    (filters.kinds.length < ALL_KINDS.length ? 1 : 0)
  );
}

export function LiveFilterBar({ onChange }: { onChange: (filters: LiveFilters) => void }) {
  const [draft, setDraft, settled] = useUrlDraft({ read: readLiveDraft, write: writeLiveDraft });
  // On a phone the bar starts folded so the first screen shows events, not inputs.
  const [open, setOpen] = useState(false);

  // Kinds apply as soon as they are clicked; typed text once it has settled.
  const filters = useMemo(() => liveFiltersOf(settled, draft.kinds), [settled, draft.kinds]);
  useEffect(() => onChange(filters), [filters, onChange]);

  const toggle = (kind: LiveKind) =>
    setDraft((current) => ({
      ...current,
      kinds: current.kinds.includes(kind)
        ? current.kinds.filter((k) => k !== kind)
        : ALL_KINDS.filter((k) => k === kind || current.kinds.includes(k)),
    }));
  const active = activeCount(filters);

  return (
    <div className={open ? "live-filters live-filters-open" : "live-filters"}>
      <button
        type="button"
        className="button button-small live-filters-toggle"
        aria-expanded={open}
        aria-controls="live-filter-bar"
        onClick={() => setOpen((current) => !current)}
      >
        {open ? "Hide filters" : "Filters"}
        {active > 0 && ` (${active} on)`}
      </button>
      <div
        id="live-filter-bar"
        className="filter-bar"
        role="search"
        aria-label="Filter the live stream"
      >
        <Field
          label="Event name"
          value={draft.names}
          onChange={(event) => setDraft((current) => ({ ...current, names: event.target.value }))}
          placeholder="signup, purchase"
          hint="Exact names, comma-separated"
        />
        <Field
          label="User identifier"
          value={draft.user}
          onChange={(event) => setDraft((current) => ({ ...current, user: event.target.value }))}
          placeholder="user_123"
        />
        <fieldset className="kind-filter">
          <legend>Kind</legend>
          {ALL_KINDS.map((kind) => (
            <label key={kind} className={`chip chip-${kind}`}>
              <input
                type="checkbox"
                checked={draft.kinds.includes(kind)}
                // An empty selection would mean "nothing"; keep at least one kind chosen.
                disabled={draft.kinds.length === 1 && draft.kinds.includes(kind)}
                onChange={() => toggle(kind)}
              />
              {KIND_LABELS[kind]}
            </label>
          ))}
        </fieldset>
      </div>
    </div>
  );
}
