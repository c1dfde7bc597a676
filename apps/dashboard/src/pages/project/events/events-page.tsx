import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { EventDetailDialog } from "../../../components/event-detail-dialog.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../../components/state-views.tsx";
import { useTRPC } from "../../../lib/trpc.ts";
import { useUrlDraft } from "../../../lib/use-url-draft.ts";
import { EventFilters } from "./event-filters.tsx";
import { readEventDraft, writeEventDraft, type EventFilterDraft } from "./events-url.ts";
import { EventsChart } from "./events-chart.tsx";
import { EventsTable } from "./events-table.tsx";
import { ExportLinks } from "./export-links.tsx";

const PAGE_SIZE = 50;

/** The draft as API input; the range error is reported instead of sending a bad query. */
function toQuery(draft: EventFilterDraft) {
  const from = draft.from ? new Date(draft.from) : undefined;
  const to = draft.to ? new Date(draft.to) : undefined;
  const rangeError = from && to && from >= to ? "“To” must be later than “From”" : undefined;
  return {
    rangeError,
    filters: {
      ...(draft.name.trim() && { name: draft.name.trim() }),
      ...(draft.userIdentifier.trim() && { userIdentifier: draft.userIdentifier.trim() }),
      ...(draft.tokenId && { tokenId: draft.tokenId }),
      ...(draft.sentVia && { sentInBatch: draft.sentVia === "batch" }),
      ...(from && !rangeError && { from: from.toISOString() }),
      ...(to && !rangeError && { to: to.toISOString() }),
    },
  };
}

export function EventsPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const [draft, setDraft, settled] = useUrlDraft({ read: readEventDraft, write: writeEventDraft });
  const { filters, rangeError } = useMemo(() => toQuery(settled), [settled]);
  const [openId, setOpenId] = useState<string | null>(null);
  const events = useInfiniteQuery(
    trpc.event.list.infiniteQueryOptions(
      { projectId, limit: PAGE_SIZE, ...filters },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];
  const filtered = Object.keys(filters).length > 0;

  return (
    <section className="stack" aria-labelledby="events-heading">
      <h2 id="events-heading">Events</h2>
      <EventsChart projectId={projectId} />
      <EventFilters
        projectId={projectId}
        value={draft}
        onChange={setDraft}
        rangeError={rangeError}
      />
      <ExportLinks projectId={projectId} filters={filters} disabled={Boolean(rangeError)} />
      {events.isPending ? (
        <LoadingState label="Loading events…" />
      ) : events.isError ? (
        <ErrorState
          error={events.error}
          title="Could not load events"
          onRetry={() => void events.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? "No events match these filters" : "No events yet"}>
          <p>
            {filtered
              ? "Loosen a filter, or widen the time range."
              : "Stored events appear here once your app sends them."}
          </p>
        </EmptyState>
      ) : (
        <>
          <div className={events.isFetching && !events.isFetchingNextPage ? "is-refreshing" : ""}>
            <EventsTable
              events={rows}
              caption="Events, newest event time first"
              onOpen={(event) => setOpenId(event.id)}
            />
          </div>
          <div className="load-more">
            {events.hasNextPage ? (
              <button
                type="button"
                className="button"
                onClick={() => void events.fetchNextPage()}
                disabled={events.isFetchingNextPage}
              >
                {events.isFetchingNextPage ? "Loading…" : "Load more"}
              </button>
            ) : (
              <p className="muted small">
                {rows.length === 1 ? "That is the only event." : `All ${rows.length} events shown.`}
              </p>
            )}
            {events.isFetchNextPageError && (
              <p className="form-error" role="alert">
                Could not load more events. Try again.
              </p>
            )}
          </div>
        </>
      )}
      {openId && (
        <EventDetailDialog projectId={projectId} eventId={openId} onClose={() => setOpenId(null)} />
      )}
    </section>
  );
}
