import { useQuery } from "@tanstack/react-query";
import { EmptyState, ErrorState, LoadingState } from "../../../components/state-views.tsx";
import { formatCount, formatDateTime, formatRelative } from "../../../lib/format.ts";
import { useTRPC, type RouterOutputs } from "../../../lib/trpc.ts";

type CatalogEvent = RouterOutputs["catalog"]["list"]["events"][number];
type Property = CatalogEvent["properties"][number];

const KIND_LABELS = { text: "text", number: "number", boolean: "boolean", json: "JSON" } as const;

/** "text 12 · number 3"; keys counted before kinds were recorded say so. */
function kindsText(property: Property): string {
  const parts = Object.entries(property.kinds)
    .filter(([, count]) => count > 0)
    .map(
      ([kind, count]) => `${KIND_LABELS[kind as keyof typeof KIND_LABELS]} ${formatCount(count)}`,
    );
  const unrecorded = property.count - Object.values(property.kinds).reduce((a, b) => a + b, 0);
  if (unrecorded > 0) parts.push(`kind not recorded ${formatCount(unrecorded)}`);
  return parts.join(" · ");
}

function PropertiesTable({ event }: { event: CatalogEvent }) {
  if (event.properties.length === 0) {
    return <p className="muted small">No properties seen on this event.</p>;
  }
  return (
    <table className="data-table">
      <caption className="visually-hidden">Property keys of {event.name}</caption>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Events</th>
          <th scope="col">Value kinds</th>
          <th scope="col">Last seen</th>
        </tr>
      </thead>
      <tbody>
        {event.properties.map((property) => (
          <tr key={property.key}>
            <td data-label="Key" className="cell-strong">
              {property.key}
            </td>
            <td data-label="Events">{formatCount(property.count)}</td>
            <td data-label="Value kinds">{kindsText(property)}</td>
            <td data-label="Last seen" title={formatDateTime(property.lastSeenAt)}>
              {formatRelative(property.lastSeenAt)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Each event name the project received, with its property keys, kept up to date at ingest. */
export function CatalogPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const catalog = useQuery(trpc.catalog.list.queryOptions({ projectId }));

  return (
    <section className="stack" aria-labelledby="catalog-heading">
      <h2 id="catalog-heading">Catalogue</h2>
      <p className="muted">
        Every event name this project has received, with the property keys sent with it. Counts are
        of events received: deleting events later does not lower them.
      </p>
      {catalog.isPending ? (
        <LoadingState label="Loading the catalogue…" />
      ) : catalog.isError ? (
        <ErrorState
          error={catalog.error}
          title="Could not load the catalogue"
          onRetry={() => void catalog.refetch()}
        />
      ) : catalog.data.events.length === 0 ? (
        <EmptyState title="No events received yet">
          <p>An event name appears here with the first event that carries it.</p>
        </EmptyState>
      ) : (
        <>
          {catalog.data.eventsTotal > catalog.data.events.length && (
            <p className="notice">
              Showing the {formatCount(catalog.data.events.length)} most frequent of{" "}
              {formatCount(catalog.data.eventsTotal)} event names.
            </p>
          )}
          <ul className="catalog-list" aria-label="Event names">
            {catalog.data.events.map((event) => (
              <li key={event.name}>
                <details className="catalog-event">
                  <summary>
                    <span className="catalog-name">{event.name}</span>
                    <span>
                      <strong>{formatCount(event.count)}</strong>{" "}
                      {event.count === 1 ? "event" : "events"}
                    </span>
                    <span className="muted small">
                      first seen {formatDateTime(event.firstSeenAt)}, last seen{" "}
                      {formatRelative(event.lastSeenAt)}
                    </span>
                    <span className="muted small">
                      {formatCount(event.propertiesTotal)}{" "}
                      {event.propertiesTotal === 1 ? "key" : "keys"}
                    </span>
                  </summary>
                  <PropertiesTable event={event} />
                  {event.propertiesTotal > event.properties.length && (
                    <p className="muted small">
                      Showing the {event.properties.length} most frequent keys.
                    </p>
                  )}
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
