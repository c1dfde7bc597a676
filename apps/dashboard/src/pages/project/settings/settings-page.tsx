import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Field } from "../../../components/field.tsx";
import { FormError } from "../../../components/state-views.tsx";
import { errorMessage, serverFieldErrors } from "../../../lib/errors.ts";
import { projectNameSchema } from "@inlet/contracts";
import { RequireRole } from "../../../lib/role.tsx";
import { useTRPC, type RouterOutputs } from "../../../lib/trpc.ts";
import { ApiKeysSection } from "./api-keys-section.tsx";
import { DeleteProjectSection } from "./delete-project-section.tsx";
import { IngestionSettingsForm } from "./ingestion-settings-form.tsx";
import { RetentionSettingsForm } from "./retention-settings-form.tsx";
import { SuppressionSection } from "./suppression-section.tsx";

export type Project = RouterOutputs["project"]["get"];

export function SettingsPage({ project }: { project: Project }) {
  return (
    <section className="stack-large settings-section" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <RenameForm project={project} />
      <IngestionSettingsForm project={project} />
      <RetentionSettingsForm project={project} />
      <ApiKeysSection projectId={project.id} />
      <SuppressionSection projectId={project.id} />
      <RequireRole role="owner">
        <DeleteProjectSection project={project} />
      </RequireRole>
    </section>
  );
}

function RenameForm({ project }: { project: Project }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(project.name);
  const [nameError, setNameError] = useState<string>();
  const rename = useMutation(
    trpc.project.rename.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries(trpc.project.get.queryFilter({ projectId: project.id })),
          queryClient.invalidateQueries(trpc.project.list.queryFilter()),
        ]),
      onError: (error) => setNameError(serverFieldErrors(error).name),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = projectNameSchema.safeParse(name);
    setNameError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    if (parsed.success) rename.mutate({ projectId: project.id, name: parsed.data });
  };

  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="rename-heading">
      <h3 id="rename-heading">Name</h3>
      <Field
        label="Project name"
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          rename.reset();
        }}
        error={nameError}
        maxLength={120}
      />
      <FormError message={rename.isError && !nameError ? errorMessage(rename.error) : null} />
      <div className="form-actions">
        {rename.isSuccess && (
          <span className="saved" role="status">
            Saved
          </span>
        )}
        <button
          type="submit"
          className="button button-primary"
          disabled={rename.isPending || name.trim() === project.name}
        >
          {rename.isPending ? "Saving…" : "Rename"}
        </button>
      </div>
    </form>
  );
}
