import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocation } from "wouter";
import { Dialog } from "../../../components/dialog.tsx";
import { Field } from "../../../components/field.tsx";
import { FormError } from "../../../components/state-views.tsx";
import { errorMessage } from "../../../lib/errors.ts";
import { useTRPC } from "../../../lib/trpc.ts";
import type { Project } from "./settings-page.tsx";

export function DeleteProjectSection({ project }: { project: Project }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const remove = useMutation(
    trpc.project.delete.mutationOptions({
      onSuccess: async () => {
        queryClient.removeQueries(trpc.project.get.queryFilter({ projectId: project.id }));
        await queryClient.invalidateQueries(trpc.project.list.queryFilter());
        navigate("~/", { replace: true });
      },
    }),
  );
  const close = () => {
    setConfirming(false);
    setTyped("");
    remove.reset();
  };

  return (
    <section className="card card-danger stack" aria-labelledby="delete-heading">
      <h3 id="delete-heading">Delete project</h3>
      <p className="muted">
        Deletes the project with all its tokens, users and events. Apps sending with its tokens are
        refused from then on.
      </p>
      <div>
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
          Delete project…
        </button>
      </div>
      {confirming && (
        <Dialog
          title={`Delete “${project.name}”?`}
          onClose={close}
          actions={
            <>
              <button type="button" className="button" onClick={close}>
                Cancel
              </button>
              <button
                type="button"
                className="button button-danger"
                disabled={typed !== project.name || remove.isPending}
                onClick={() => remove.mutate({ projectId: project.id, confirmName: typed })}
              >
                {remove.isPending ? "Deleting…" : "Delete forever"}
              </button>
            </>
          }
        >
          <p>This removes every event and user of the project. It cannot be undone.</p>
          <Field
            label={`Type “${project.name}” to confirm`}
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
