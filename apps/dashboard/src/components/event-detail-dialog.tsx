import { useQuery } from "@tanstack/react-query";
import { propertyEntries } from "../lib/properties.ts";
import { useTRPC } from "../lib/trpc.ts";
import { JsonView } from "./code-block.tsx";
import { Dialog } from "./dialog.tsx";
import { ErrorState, LoadingState } from "./state-views.tsx";

interface EventDetailDialogProps {
  projectId: string;
  eventId: string;
  onClose: () => void;
}

/** What the event was sent with, first: it is what a developer checks their code against. */
function EventProperties({ customData }: { customData: unknown }) {
  const entries = propertyEntries(customData);
  if (entries.length === 0) return <p className="muted">This event has no properties.</p>;
  return (
    <dl className="facts" aria-label="Properties">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Everything stored about one event, as the JSON the API returns. */
export function EventDetailDialog({ projectId, eventId, onClose }: EventDetailDialogProps) {
  const trpc = useTRPC();
  const event = useQuery(trpc.event.get.queryOptions({ projectId, eventId }));
  return (
    <Dialog title={event.data ? `Event: ${event.data.name}` : "Event"} onClose={onClose} wide>
      {event.isPending ? (
        <LoadingState label="Loading the stored event…" />
      ) : event.isError ? (
        <ErrorState
          error={event.error}
          title="Could not load this event"
          onRetry={() => void event.refetch()}
        />
      ) : (
        <div className="stack">
          <EventProperties customData={event.data.customData} />
          <JsonView value={event.data} label="Stored event as JSON" />
        </div>
      )}
    </Dialog>
  );
}
