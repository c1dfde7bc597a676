import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { EmptyState, ErrorState, FormError, LoadingState } from "../../components/state-views.tsx";
import { errorMessage } from "../../lib/errors.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useDebounced } from "../../lib/use-debounced.ts";
import { useTRPC } from "../../lib/trpc.ts";
import {
  AuditFilters,
  EMPTY_AUDIT_FILTERS,
  toAuditQuery,
  type AuditFilterDraft,
} from "./audit-filters.tsx";

const PAGE_SIZE = 50;

function download(ndjson: string) {
  const url = URL.createObjectURL(new Blob([ndjson], { type: "application/x-ndjson" }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = `inlet-audit-${new Date().toISOString().slice(0, 10)}.ndjson`;
  anchor.click();
  URL.revokeObjectURL(url);
}

/** Owners only: who changed what, newest first. */
export function AuditPage() {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<AuditFilterDraft>(EMPTY_AUDIT_FILTERS);
  const settled = useDebounced(draft);
  const filters = useMemo(() => toAuditQuery(settled), [settled]);
  const entries = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { ...filters, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const exporting = useMutation(
    trpc.audit.export.mutationOptions({ onSuccess: (result) => download(result.ndjson) }),
  );
  const rows = entries.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <div className="page stack">
      <header className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="muted">
            Every change made by an admin or the command line, kept at least 90 days.
          </p>
        </div>
        <button
          type="button"
          className="button"
          disabled={exporting.isPending}
          onClick={() => exporting.mutate(filters)}
        >
          {exporting.isPending ? "Preparing…" : "Download NDJSON"}
        </button>
      </header>
      <AuditFilters value={draft} onChange={setDraft} />
      <FormError message={exporting.isError ? errorMessage(exporting.error) : null} />
      {exporting.data?.truncated && (
        <p className="notice notice-warning" role="status">
          The download holds the newest {exporting.data.count} entries only; narrow the dates for
          the rest.
        </p>
      )}
      {entries.isPending ? (
        <LoadingState label="Loading the audit log…" />
      ) : entries.isError ? (
        <ErrorState error={entries.error} onRetry={() => void entries.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No entries">
          <p>Nothing matches these filters.</p>
        </EmptyState>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Audit entries</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">What</th>
              <th scope="col">Address</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((entry) => (
              <tr key={entry.id}>
                <td data-label="Time">
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                </td>
                <td data-label="Who">{entry.actorEmail}</td>
                <td data-label="Action" className="cell-strong">
                  {entry.action}
                </td>
                <td data-label="What">{entry.summary}</td>
                <td data-label="Address">{entry.ipAddress ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={entries.isFetchingNextPage}
          onClick={() => void entries.fetchNextPage()}
        >
          {entries.isFetchingNextPage ? "Loading…" : "Load older entries"}
        </button>
      )}
    </div>
  );
}
