import { useId } from "react";
import { Field } from "../../components/field.tsx";
import { auditActions } from "@inlet/contracts";

export interface AuditFilterDraft {
  action: string;
  actor: string;
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilterDraft = { action: "", actor: "", from: "", to: "" };

/** The draft as the API's filters: datetime-local fields are the browser's local time. */
export function toAuditQuery(draft: AuditFilterDraft) {
  const action = auditActions.find((candidate) => candidate === draft.action);
  return {
    ...(action && { actions: [action] }),
    ...(draft.actor.trim() && { actor: draft.actor.trim() }),
    ...(draft.from && { from: new Date(draft.from).toISOString() }),
    ...(draft.to && { to: new Date(draft.to).toISOString() }),
  };
}

interface AuditFiltersProps {
  value: AuditFilterDraft;
  onChange: (value: AuditFilterDraft) => void;
}

export function AuditFilters({ value, onChange }: AuditFiltersProps) {
  const actionId = useId();
  const set = (patch: Partial<AuditFilterDraft>) => onChange({ ...value, ...patch });
  return (
    <div className="filter-bar filter-bar-wide" role="search" aria-label="Filter the audit log">
      <div className="field">
        <label htmlFor={actionId}>Action</label>
        <select
          id={actionId}
          value={value.action}
          onChange={(event) => set({ action: event.target.value })}
        >
          <option value="">All actions</option>
          {auditActions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </div>
      <Field
        label="Who"
        value={value.actor}
        placeholder="email"
        onChange={(event) => set({ actor: event.target.value })}
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
      />
    </div>
  );
}
