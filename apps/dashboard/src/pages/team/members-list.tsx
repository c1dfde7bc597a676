import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog } from "../../components/dialog.tsx";
import { ErrorState, FormError, LoadingState } from "../../components/state-views.tsx";
import { errorMessage } from "../../lib/errors.ts";
import { formatRelative } from "../../lib/format.ts";
import { adminRoles, type AdminRole } from "@inlet/contracts";
import { useTRPC, type RouterOutputs } from "../../lib/trpc.ts";
import { OneTimeLink } from "./invite-form.tsx";

type Member = RouterOutputs["team"]["list"][number];

/** Owners only: every admin, their role, and the actions on them. */
export function MembersList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.team.list.queryOptions());
  const [removing, setRemoving] = useState<Member | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.team.list.queryFilter()),
      // Changing one's own role changes what this dashboard may show.
      queryClient.invalidateQueries(trpc.auth.session.queryFilter()),
    ]);
  const changeRole = useMutation(trpc.team.changeRole.mutationOptions({ onSettled: refresh }));
  const resetLink = useMutation(trpc.team.createResetLink.mutationOptions());
  const failed = [changeRole, resetLink].find((mutation) => mutation.isError);

  return (
    <section className="stack" aria-labelledby="members-heading">
      <h2 id="members-heading">Admins</h2>
      <FormError message={failed ? errorMessage(failed.error) : null} />
      {resetLink.data && (
        <div className="stack">
          <p>Password reset link for {resetLink.data.email}:</p>
          <OneTimeLink {...resetLink.data} />
        </div>
      )}
      {members.isPending ? (
        <LoadingState label="Loading admins…" />
      ) : members.isError ? (
        <ErrorState error={members.error} onRetry={() => void members.refetch()} />
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Admins</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.data.map((member) => (
              <tr key={member.id}>
                <td data-label="Email" className="cell-strong">
                  {member.email} {member.you && <span className="muted">(you)</span>}
                </td>
                <td data-label="Role">
                  <select
                    aria-label={`Role of ${member.email}`}
                    value={member.role}
                    disabled={changeRole.isPending}
                    onChange={(event) =>
                      changeRole.mutate({
                        adminId: member.id,
                        role: event.target.value as AdminRole,
                      })
                    }
                  >
                    {adminRoles.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                </td>
                <td data-label="Last seen">{formatRelative(member.lastSeenAt)}</td>
                <td className="cell-action">
                  <div className="token-actions">
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => resetLink.mutate({ adminId: member.id })}
                    >
                      Reset password<span className="visually-hidden"> of {member.email}</span>
                    </button>
                    <button
                      type="button"
                      className="button button-small button-danger"
                      onClick={() => setRemoving(member)}
                    >
                      Remove<span className="visually-hidden"> {member.email}</span>
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {removing && <RemoveDialog member={removing} onClose={() => setRemoving(null)} />}
    </section>
  );
}

function RemoveDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.team.remove.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.team.list.queryFilter());
        onClose();
      },
    }),
  );
  return (
    <Dialog
      title={`Remove ${member.email}?`}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={remove.isPending}
            onClick={() => remove.mutate({ adminId: member.id })}
          >
            {remove.isPending ? "Removing…" : "Remove admin"}
          </button>
        </>
      }
    >
      <p>
        They are signed out everywhere at once, and their open Live views close. Their audit entries
        stay.
      </p>
      <FormError message={remove.isError ? errorMessage(remove.error) : null} />
    </Dialog>
  );
}
