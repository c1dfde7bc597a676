import { useEffect, useMemo, useState } from "react";
import { Field } from "../../../components/field.tsx";
import { useDebounced } from "../../../lib/use-debounced.ts";
import { ALL_KINDS, parseNames, type LiveFilters, type LiveKind } from "./live-types.ts";

const KIND_LABELS: Record<LiveKind, string> = {
  accepted: "Accepted",
  refused: "Refused",
  dropped: "Dropped",
};

export function LiveFilterBar({ onChange }: { onChange: (filters: LiveFilters) => void }) {
  const [names, setNames] = useState("");
  const [user, setUser] = useState("");
  const [kinds, setKinds] = useState<LiveKind[]>([...ALL_KINDS]);
  const settledNames = useDebounced(names);
  const settledUser = useDebounced(user.trim());

  const filters = useMemo(
    () => ({ names: parseNames(settledNames), userIdentifier: settledUser, kinds }),
    [settledNames, settledUser, kinds],
  );
  useEffect(() => onChange(filters), [filters, onChange]);

  const toggle = (kind: LiveKind) =>
    setKinds((current) =>
      current.includes(kind) ? current.filter((k) => k !== kind) : [...current, kind],
    );

  return (
    <div className="filter-bar" role="search" aria-label="Filter the live stream">
      <Field
        label="Event name"
        value={names}
        onChange={(event) => setNames(event.target.value)}
        placeholder="signup, purchase"
        hint="Exact names, comma-separated"
      />
      <Field
        label="User identifier"
        value={user}
        onChange={(event) => setUser(event.target.value)}
        placeholder="user_123"
      />
      <fieldset className="kind-filter">
        <legend>Kind</legend>
        {ALL_KINDS.map((kind) => (
          <label key={kind} className={`chip chip-${kind}`}>
            <input
              type="checkbox"
              checked={kinds.includes(kind)}
              // An empty selection would mean "nothing"; keep at least one kind chosen.
              disabled={kinds.length === 1 && kinds.includes(kind)}
              onChange={() => toggle(kind)}
            />
            {KIND_LABELS[kind]}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
