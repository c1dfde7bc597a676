import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../lib/trpc.ts";
import { JsonView } from "./code-block.tsx";
import { Dialog } from "./dialog.tsx";
import { ErrorState, LoadingState } from "./state-views.tsx";

interface EventDetailDialogProps {
  projectId: string;
  eventId: string;
  onClose: () => void;
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
        <JsonView value={event.data} label="Stored event as JSON" />
      )}
    </Dialog>
  );
}
