import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { JsonView } from "../../../components/code-block.tsx";
import { EventDetailDialog } from "../../../components/event-detail-dialog.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../../components/state-views.tsx";
import { errorCode } from "../../../lib/errors.ts";
import { formatCount, formatDateTime } from "../../../lib/format.ts";
import { RequireRole } from "../../../lib/role.tsx";
import { useTRPC } from "../../../lib/trpc.ts";
import { EventsTable } from "../events/events-table.tsx";
import { DeleteUserSection } from "./delete-user-section.tsx";
import { DeletionProgress } from "./deletion-progress.tsx";

interface UserPageProps {
  projectId: string;
  userId: string;
}

export function UserPage({ projectId, userId }: UserPageProps) {
  const trpc = useTRPC();
  const [deletion, setDeletion] = useState<{ id: string; identifier: string } | null>(null);
  // Once deleted the user is gone: the page follows the deletion instead of reloading them.
  const user = useQuery({
    ...trpc.user.get.queryOptions({ projectId, userId }),
    enabled: deletion === null,
  });
  const [openId, setOpenId] = useState<string | null>(null);

  if (deletion)
    return (
      <DeletionProgress
        projectId={projectId}
        deletionId={deletion.id}
        identifier={deletion.identifier}
      />
    );

  const back = (
    <Link href="/users" className="back-link">
      ← All users
    </Link>
  );
  if (user.isPending) return <LoadingState label="Loading user…" />;
  if (user.isError) {
    const missing = ["NOT_FOUND", "BAD_REQUEST"].includes(errorCode(user.error) ?? "");
    return (
      <div className="stack">
        {back}
        <ErrorState
          error={user.error}
          title={missing ? "No such user in this project" : "Could not load this user"}
          onRetry={missing ? undefined : () => void user.refetch()}
        />
      </div>
    );
  }

  const data = user.data;
  const shown = data.events.length;
  return (
    <section className="stack" aria-labelledby="user-heading">
      {back}
      <header className="user-header">
        <span className="avatar avatar-large" aria-hidden="true">
          {(data.displayName ?? data.identifier).slice(0, 1).toUpperCase()}
        </span>
        <div>
          <h2 id="user-heading">{data.identifier}</h2>
          {data.displayName && <p className="muted">{data.displayName}</p>}
        </div>
      </header>
      <dl className="facts">
        <div>
          <dt>Events</dt>
          <dd>{formatCount(data.eventCount)}</dd>
        </div>
        <div>
          <dt>First seen</dt>
          <dd>{formatDateTime(data.createdAt)}</dd>
        </div>
        <div>
          <dt>Last updated</dt>
          <dd>{formatDateTime(data.updatedAt)}</dd>
        </div>
      </dl>

      <h3>Properties</h3>
      <JsonView value={data.properties ?? {}} label="User properties as JSON" />

      <h3>
        Latest events
        {data.eventCount > shown && (
          <span className="muted small">
            {" "}
            ({shown} of {formatCount(data.eventCount)})
          </span>
        )}
      </h3>
      {shown === 0 ? (
        <EmptyState title="No events for this user yet" />
      ) : (
        <EventsTable
          events={data.events}
          caption={`Latest events of ${data.identifier}`}
          onOpen={(event) => setOpenId(event.id)}
        />
      )}
      {openId && (
        <EventDetailDialog projectId={projectId} eventId={openId} onClose={() => setOpenId(null)} />
      )}
      <RequireRole role="admin">
        <DeleteUserSection
          projectId={projectId}
          identifier={data.identifier}
          onDeleted={(id) => setDeletion({ id, identifier: data.identifier })}
        />
      </RequireRole>
    </section>
  );
}
