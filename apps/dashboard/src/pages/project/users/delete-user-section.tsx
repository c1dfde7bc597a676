import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog } from "../../../components/dialog.tsx";
import { Field } from "../../../components/field.tsx";
import { FormError } from "../../../components/state-views.tsx";
import { errorMessage } from "../../../lib/errors.ts";
import { useTRPC } from "../../../lib/trpc.ts";

interface DeleteUserSectionProps {
  projectId: string;
  identifier: string;
  /** Called with the deletion to follow once the user is gone. */
  onDeleted: (deletionId: string) => void;
}

/** Deleting a user, for a data-protection request: the admin types the identifier to confirm. */
export function DeleteUserSection({ projectId, identifier, onDeleted }: DeleteUserSectionProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const remove = useMutation(
    trpc.user.delete.mutationOptions({
      onSuccess: async ({ deletionId }) => {
        onDeleted(deletionId);
        await queryClient.invalidateQueries(trpc.user.list.queryFilter());
      },
    }),
  );
  const close = () => {
    setConfirming(false);
    setTyped("");
    remove.reset();
  };

  return (
    <section className="card card-danger stack" aria-labelledby="delete-user-heading">
      <h3 id="delete-user-heading">Delete user</h3>
      <p className="muted">
        Deletes this user, their properties and all their events. Later events, identifications and
        updates for this identifier are acknowledged but not stored, until the identifier is removed
        from the suppression list in Settings.
      </p>
      <div>
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
          Delete user…
        </button>
      </div>
      {confirming && (
        <Dialog
          title="Delete this user?"
          onClose={close}
          actions={
            <>
              <button type="button" className="button" onClick={close}>
                Cancel
              </button>
              <button
                type="button"
                className="button button-danger"
                disabled={typed !== identifier || remove.isPending}
                onClick={() => remove.mutate({ projectId, identifier: typed })}
              >
                {remove.isPending ? "Deleting…" : "Delete forever"}
              </button>
            </>
          }
        >
          <p>
            The user goes at once; their events are removed in the background. It cannot be undone.
          </p>
          <Field
            label={`Type “${identifier}” to confirm`}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            autoComplete="off"
            data-autofocus
          />
          <FormError message={remove.isError ? errorMessage(remove.error) : null} />
        </Dialog>
      )}
    </section>
  );
}
