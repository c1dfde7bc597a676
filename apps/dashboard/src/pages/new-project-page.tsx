import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useLocation } from "wouter";
import { Field } from "../components/field.tsx";
import { FormError } from "../components/state-views.tsx";
import { errorMessage, serverFieldErrors } from "../lib/errors.ts";
import { projectNameSchema } from "@inlet/contracts";
import { useTRPC } from "../lib/trpc.ts";
import { usePageTitle } from "../lib/use-page-title.ts";

export function NewProjectPage() {
  usePageTitle("New project");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string>();
  const create = useMutation(
    trpc.project.create.mutationOptions({
      onSuccess: async ({ project }) => {
        await queryClient.invalidateQueries(trpc.project.list.queryFilter());
        // A new project has no events yet: show how to send the first one.
        navigate(`/projects/${project.id}/onboarding`);
      },
      onError: (error) => setNameError(serverFieldErrors(error).name),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = projectNameSchema.safeParse(name);
    setNameError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    if (parsed.success) create.mutate({ name: parsed.data });
  };

  return (
    <div className="page page-narrow">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/">Projects</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page">New project</span>
      </nav>
      <h1>New project</h1>
      <p className="muted">A project comes with its first token, ready to paste into your app.</p>
      <form className="card stack" onSubmit={submit} noValidate>
        <Field
          label="Project name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={nameError}
          placeholder="My shop"
          maxLength={120}
          autoFocus
        />
        <FormError message={create.isError && !nameError ? errorMessage(create.error) : null} />
        <div className="form-actions">
          <Link href="/" className="button button-ghost">
            Cancel
          </Link>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create project"}
          </button>
        </div>
      </form>
    </div>
  );
}
