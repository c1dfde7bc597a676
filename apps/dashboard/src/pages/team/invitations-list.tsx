import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { EmptyState, ErrorState, FormError, LoadingState } from "../../components/state-views.tsx";
import { errorMessage } from "../../lib/errors.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useTRPC } from "../../lib/trpc.ts";

export function InvitationsList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invitations = useQuery(trpc.invitation.list.queryOptions());
  const revoke = useMutation(
    trpc.invitation.revoke.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.invitation.list.queryFilter()),
    }),
  );

  return (
    <section className="stack" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Open invitations</h2>
      <FormError message={revoke.isError ? errorMessage(revoke.error) : null} />
      {invitations.isPending ? (
        <LoadingState label="Loading invitations…" />
      ) : invitations.isError ? (
        <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />
      ) : invitations.data.length === 0 ? (
        <EmptyState title="No open invitations">
          <p>Invitations appear here until they are used, revoked or expire.</p>
        </EmptyState>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Open invitations</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Invited by</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invitations.data.map((invitation) => (
              <tr key={invitation.id}>
                <td data-label="Email" className="cell-strong">
                  {invitation.email}
                </td>
                <td data-label="Role">{invitation.role}</td>
                <td data-label="Invited by">{invitation.createdBy ?? "command line"}</td>
                <td data-label="Expires">{formatDateTime(invitation.expiresAt)}</td>
                <td className="cell-action">
                  <button
                    type="button"
                    className="button button-small button-danger"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate({ invitationId: invitation.id })}
                  >
                    Revoke
                    <span className="visually-hidden"> the invitation of {invitation.email}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
