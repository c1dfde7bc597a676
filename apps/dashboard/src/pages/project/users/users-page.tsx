import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { Field } from "../../../components/field.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../../components/state-views.tsx";
import { formatRelative } from "../../../lib/format.ts";
import { useTRPC } from "../../../lib/trpc.ts";
import { useDebounced } from "../../../lib/use-debounced.ts";

export function UsersPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const term = useDebounced(search.trim());
  const users = useInfiniteQuery(
    trpc.user.list.infiniteQueryOptions(
      { projectId, limit: 50, ...(term && { search: term }) },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = users.data?.pages.flatMap((page) => page.users) ?? [];

  return (
    <section className="stack" aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      <div role="search" className="filter-bar">
        <Field
          label="Search users"
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder="Identifier or name"
          maxLength={255}
        />
      </div>
      {users.isPending ? (
        <LoadingState label="Loading users…" />
      ) : users.isError ? (
        <ErrorState
          error={users.error}
          title="Could not load users"
          onRetry={() => void users.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState title={term ? `No user matches “${term}”` : "No users yet"}>
          <p>
            {term
              ? "Search looks at identifiers and display names."
              : "A user appears when an event carries an identifier, or on identify."}
          </p>
        </EmptyState>
      ) : (
        <>
          <ul className="user-list" aria-label="Users">
            {rows.map((user) => (
              <li key={user.id}>
                <Link href={`/users/${user.id}`} className="user-row">
                  <span className="avatar" aria-hidden="true">
                    {(user.displayName ?? user.identifier).slice(0, 1).toUpperCase()}
                  </span>
                  <span className="user-row-text">
                    <span className="user-row-id">{user.identifier}</span>
                    {user.displayName && <span className="muted small">{user.displayName}</span>}
                  </span>
                  <span className="muted small user-row-updated">
                    updated {formatRelative(user.updatedAt)}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          {users.hasNextPage && (
            <div className="load-more">
              <button
                type="button"
                className="button"
                onClick={() => void users.fetchNextPage()}
                disabled={users.isFetchingNextPage}
              >
                {users.isFetchingNextPage ? "Loading…" : "Load more"}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
