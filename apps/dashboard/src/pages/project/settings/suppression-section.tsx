import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Field } from "../../../components/field.tsx";
import { EmptyState, ErrorState, FormError } from "../../../components/state-views.tsx";
import { errorMessage } from "../../../lib/errors.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { RequireRole } from "../../../lib/role.tsx";
import { useTRPC } from "../../../lib/trpc.ts";

/** Deleted users' identifiers, which Inlet keeps only as keyed hashes. */
export function SuppressionSection({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const entries = useQuery(trpc.suppression.list.queryOptions({ projectId }));
  return (
    <section className="card stack" aria-labelledby="suppression-heading">
      <h3 id="suppression-heading">Suppression list</h3>
      <p className="muted">
        Identifiers of deleted users. Events, identifications and updates for them are acknowledged
        but not stored, and Live shows them as dropped. Inlet keeps only a keyed hash of each
        identifier, so the list shows the start of the hash and the date.
      </p>
      {entries.isError ? (
        <ErrorState error={entries.error} title="Could not load the suppression list" />
      ) : entries.isPending ? null : entries.data.length === 0 ? (
        <EmptyState title="No suppressed identifiers" />
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Suppressed identifiers</caption>
          <thead>
            <tr>
              <th scope="col">Hash</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {entries.data.map((entry) => (
              <tr key={entry.hashPrefix}>
                <td data-label="Hash">
                  <code>{entry.hashPrefix}…</code>
                </td>
                <td data-label="Since">{formatDateTime(entry.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RequireRole role="admin">
        <RemoveSuppressionForm projectId={projectId} />
      </RequireRole>
    </section>
  );
}

function RemoveSuppressionForm({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [identifier, setIdentifier] = useState("");
  const remove = useMutation(
    trpc.suppression.remove.mutationOptions({
      onSuccess: async () => {
        setIdentifier("");
        await queryClient.invalidateQueries(trpc.suppression.list.queryFilter({ projectId }));
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (identifier) remove.mutate({ projectId, identifier });
  };
  return (
    <form
      className="stack"
      onSubmit={submit}
      noValidate
      aria-label="Remove from the suppression list"
    >
      <Field
        label="Identifier to store again"
        hint="Type the identifier exactly; it is hashed and matched against the list."
        value={identifier}
        onChange={(event) => {
          setIdentifier(event.target.value);
          remove.reset();
        }}
        autoComplete="off"
        maxLength={255}
      />
      <FormError message={remove.isError ? errorMessage(remove.error) : null} />
      <div className="form-actions">
        {remove.isSuccess && (
          <span className="saved" role="status">
            Removed: its events are stored again
          </span>
        )}
        <button type="submit" className="button" disabled={!identifier || remove.isPending}>
          {remove.isPending ? "Removing…" : "Remove from list"}
        </button>
      </div>
    </form>
  );
}
