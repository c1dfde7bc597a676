import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Field } from "../../../components/field.tsx";
import { useTRPC } from "../../../lib/trpc.ts";
import type { EventFilterDraft, SentVia } from "./events-url.ts";

interface EventFiltersProps {
  projectId: string;
  value: EventFilterDraft;
  onChange: (value: EventFilterDraft) => void;
  rangeError?: string | undefined;
}

export function EventFilters({ projectId, value, onChange, rangeError }: EventFiltersProps) {
  const trpc = useTRPC();
  const tokens = useQuery(trpc.token.list.queryOptions({ projectId }));
  const tokenSelectId = useId();
  const sentSelectId = useId();
  const set = (patch: Partial<EventFilterDraft>) => onChange({ ...value, ...patch });

  return (
    <div className="filter-bar filter-bar-wide" role="search" aria-label="Filter events">
      <Field
        label="Event name"
        value={value.name}
        onChange={(event) => set({ name: event.target.value })}
        placeholder="purchase"
      />
      <Field
        label="User identifier"
        value={value.userIdentifier}
        onChange={(event) => set({ userIdentifier: event.target.value })}
        placeholder="user_123"
      />
      <Field
        label="From"
        type="datetime-local"
        className="field-datetime"
        value={value.from}
        onChange={(event) => set({ from: event.target.value })}
      />
      <Field
        label="To"
        type="datetime-local"
        className="field-datetime"
        value={value.to}
        onChange={(event) => set({ to: event.target.value })}
        error={rangeError}
      />
      <div className="field">
        <label htmlFor={tokenSelectId}>Token</label>
        <select
          id={tokenSelectId}
          value={value.tokenId}
          onChange={(event) => set({ tokenId: event.target.value })}
        >
          <option value="">Any token</option>
          {tokens.data?.map((token) => (
            <option key={token.id} value={token.id}>
              {token.label || "Unlabelled"} · {token.token.slice(0, 12)}…
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={sentSelectId}>Sent</label>
        <select
          id={sentSelectId}
          value={value.sentVia}
          onChange={(event) => set({ sentVia: event.target.value as SentVia })}
        >
          <option value="">Any way</option>
          <option value="batch">In a batch</option>
          <option value="single">One by one</option>
        </select>
      </div>
    </div>
  );
}
