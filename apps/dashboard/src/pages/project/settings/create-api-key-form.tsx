import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { CodeBlock } from "../../../components/code-block.tsx";
import { Field } from "../../../components/field.tsx";
import { FormError } from "../../../components/state-views.tsx";
import { apiKeyLabelSchema, type ApiKeyGrant } from "@inlet/contracts";
import { errorMessage, serverFieldErrors } from "../../../lib/errors.ts";
import { useTRPC } from "../../../lib/trpc.ts";

/** Creates a key and shows it this once: the server keeps only its hash. */
export function CreateApiKeyForm({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState("");
  const [grant, setGrant] = useState<ApiKeyGrant>("read");
  const [labelError, setLabelError] = useState<string>();
  const [created, setCreated] = useState<string | null>(null);
  const scopeId = useId();
  const create = useMutation(
    trpc.apiKey.create.mutationOptions({
      onSuccess: async (key) => {
        setLabel("");
        setCreated(key.key);
        await queryClient.invalidateQueries(trpc.apiKey.list.queryFilter({ projectId }));
      },
      onError: (error) => setLabelError(serverFieldErrors(error).label),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = apiKeyLabelSchema.safeParse(label);
    setLabelError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    setCreated(null);
    if (parsed.success) create.mutate({ projectId, label: parsed.data, grant });
  };

  return (
    <div className="stack">
      <form className="inline-form" onSubmit={submit} noValidate aria-label="Create an API key">
        <Field
          label="New key label"
          value={label}
          onChange={(event) => setLabel(event.target.value)}
          error={labelError}
          placeholder="e.g. nightly export"
          className="inline-form-grow"
        />
        <div className="field">
          <label htmlFor={scopeId}>Scope</label>
          <select
            id={scopeId}
            value={grant}
            onChange={(event) => setGrant(event.target.value as ApiKeyGrant)}
          >
            <option value="read">Read</option>
            <option value="read,delete">Read and delete users</option>
          </select>
        </div>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create API key"}
        </button>
      </form>
      <div aria-live="polite">
        <FormError message={create.isError && !labelError ? errorMessage(create.error) : null} />
        {created && (
          <div className="notice notice-success stack">
            <p>
              Copy this key now: it is shown only once. Inlet keeps only a hash of it, so a lost key
              cannot be shown again; revoke it and create another.
            </p>
            <CodeBlock title="New secret API key" code={created} />
            <button type="button" className="button button-small" onClick={() => setCreated(null)}>
              I have stored it
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
