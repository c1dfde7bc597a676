import type { RouterOutputs } from "../../../lib/trpc.ts";
import { formatDateTime } from "../../../lib/format.ts";

export type EventRow = RouterOutputs["event"]["list"]["events"][number];

interface EventsTableProps {
  events: EventRow[];
  onOpen: (event: EventRow) => void;
  caption: string;
}

function device(event: EventRow): string {
  return [event.browser, event.os, event.deviceType].filter(Boolean).join(" · ") || "—";
}

/**
 * The event time, and beneath it the receive time when the client's clock put the event
 * elsewhere (the table shows whole seconds, so a smaller gap would read as the same time).
 */
function EventTimes({ event }: { event: EventRow }) {
  const gap = Math.abs(Date.parse(event.receivedAt) - Date.parse(event.occurredAt));
  const received = formatDateTime(event.receivedAt);
  return (
    <>
      <time dateTime={event.occurredAt} title={`Received ${received}`}>
        {formatDateTime(event.occurredAt)}
      </time>
      {gap >= 1_000 && (
        <span className="cell-note muted small">
          received <time dateTime={event.receivedAt}>{received}</time>
        </span>
      )}
      {event.batchId && <span className="cell-note muted small">sent in a batch</span>}
    </>
  );
}

/** A table on wide screens; CSS stacks each row into a card on phones. */
export function EventsTable({ events, onOpen, caption }: EventsTableProps) {
  return (
    <table className="data-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Event time</th>
          <th scope="col">Event</th>
          <th scope="col">User</th>
          <th scope="col">URL</th>
          <th scope="col">Device</th>
          <th scope="col">
            <span className="visually-hidden">Details</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td data-label="Event time">
              <EventTimes event={event} />
            </td>
            <td data-label="Event" className="cell-strong">
              {event.name}
            </td>
            <td data-label="User">
              {event.user?.identifier ?? <span className="muted">anonymous</span>}
            </td>
            <td data-label="URL" className="cell-truncate" title={event.url ?? undefined}>
              {event.url ?? <span className="muted">—</span>}
            </td>
            <td data-label="Device">{device(event)}</td>
            <td className="cell-action">
              <button type="button" className="button button-small" onClick={() => onOpen(event)}>
                JSON<span className="visually-hidden"> of {event.name}</span>
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
