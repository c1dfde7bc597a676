import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { ErrorState } from "../../../components/state-views.tsx";
import { formatCount, formatDateTime } from "../../../lib/format.ts";
import { useTRPC } from "../../../lib/trpc.ts";

interface DeletionProgressProps {
  projectId: string;
  deletionId: string;
  identifier: string;
}

const POLL_MS = 1_000;

/** Follows a user's deletion until every event is gone. */
export function DeletionProgress({ projectId, deletionId, identifier }: DeletionProgressProps) {
  const trpc = useTRPC();
  const status = useQuery({
    ...trpc.user.deletionStatus.queryOptions({ projectId, deletionId }),
    refetchInterval: (query) => (query.state.data?.done ? false : POLL_MS),
  });
  const data = status.data;
  return (
    <section className="stack" aria-labelledby="deletion-heading">
      <Link href="/users" className="back-link">
        ← All users
      </Link>
      <h2 id="deletion-heading">Deleting {identifier}</h2>
      {status.isError && <ErrorState error={status.error} title="Could not read the progress" />}
      {data && (
        <div className="card stack" role="status" aria-live="polite">
          {data.done ? (
            <p>
              <strong>Deletion complete.</strong> {identifier} and all their events are gone (
              {formatCount(data.eventsDeleted)} events removed, finished{" "}
              {formatDateTime(data.finishedAt)}). Later requests for this identifier are dropped.
            </p>
          ) : (
            <>
              <p>
                The user is deleted; removing their events: {formatCount(data.eventsDeleted)} of{" "}
                {formatCount(data.eventsTotal)}
                {data.phase === "user_events" ? "" : ", then checking for late arrivals"}…
              </p>
              <progress
                max={Math.max(data.eventsTotal, data.eventsDeleted, 1)}
                value={data.eventsDeleted}
                aria-label="Events removed"
              />
            </>
          )}
        </div>
      )}
    </section>
  );
}
