import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ErrorState, FormError, LoadingState } from "../../components/state-views.tsx";
import { errorMessage } from "../../lib/errors.ts";
import { formatDateTime, formatRelative } from "../../lib/format.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { ChangePasswordForm } from "./change-password-form.tsx";

export function AccountPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.account.sessions.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.account.sessions.queryFilter());
  const end = useMutation(trpc.account.endSession.mutationOptions({ onSuccess: refresh }));

  return (
    <div className="page stack-large">
      <header className="page-header">
        <div>
          <h1>Account</h1>
          <p className="muted">Your password and where you are signed in.</p>
        </div>
      </header>
      <ChangePasswordForm onChanged={() => void refresh()} />
      <section className="stack" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <FormError message={end.isError ? errorMessage(end.error) : null} />
        {sessions.isPending ? (
          <LoadingState label="Loading sessions…" />
        ) : sessions.isError ? (
          <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
        ) : (
          <table className="data-table">
            <caption className="visually-hidden">Your sessions</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Address</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last seen</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((session) => (
                <tr key={session.id}>
                  <td
                    data-label="Device"
                    className="cell-truncate"
                    title={session.userAgent ?? undefined}
                  >
                    {/* First, so truncating a long user agent never hides it. */}
                    {session.current && <span className="badge">this browser</span>}{" "}
                    {session.userAgent ?? <span className="muted">unknown</span>}
                  </td>
                  <td data-label="Address">{session.ipAddress ?? "—"}</td>
                  <td data-label="Signed in">{formatDateTime(session.createdAt)}</td>
                  <td data-label="Last seen">{formatRelative(session.lastSeenAt)}</td>
                  <td className="cell-action">
                    {/* Ending this browser's session is what "Sign out" is for. */}
                    {!session.current && (
                      <button
                        type="button"
                        className="button button-small button-danger"
                        disabled={end.isPending}
                        onClick={() => end.mutate({ sessionId: session.id })}
                      >
                        End session
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
