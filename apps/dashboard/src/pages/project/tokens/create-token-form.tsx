import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Field } from "../../../components/field.tsx";
import { FormError } from "../../../components/state-views.tsx";
import { errorMessage, serverFieldErrors } from "../../../lib/errors.ts";
import { tokenLabelSchema } from "@inlet/contracts";
import { useTRPC } from "../../../lib/trpc.ts";

export function CreateTokenForm({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState("");
  const [labelError, setLabelError] = useState<string>();
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation(
    trpc.token.create.mutationOptions({
      onSuccess: async (token) => {
        setLabel("");
        setCreated(token.label || "Unlabelled token");
        await queryClient.invalidateQueries(trpc.token.list.queryFilter({ projectId }));
      },
      onError: (error) => setLabelError(serverFieldErrors(error).label),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = tokenLabelSchema.safeParse(label);
    setLabelError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    setCreated(null);
    if (parsed.success) create.mutate({ projectId, label: parsed.data });
  };

  return (
    <form className="card inline-form" onSubmit={submit} noValidate aria-label="Create a token">
      <Field
        label="New token label"
        value={label}
        onChange={(event) => setLabel(event.target.value)}
        error={labelError}
        placeholder="e.g. iOS app"
        className="inline-form-grow"
      />
      <button type="submit" className="button button-primary" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create token"}
      </button>
      <div className="inline-form-messages" aria-live="polite">
        <FormError message={create.isError && !labelError ? errorMessage(create.error) : null} />
        {created && <p className="notice notice-success">Created “{created}”. Copy it below.</p>}
      </div>
    </form>
  );
}
