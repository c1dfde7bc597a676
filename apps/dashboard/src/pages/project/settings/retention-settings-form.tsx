import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Field } from "../../../components/field.tsx";
import { FormError } from "../../../components/state-views.tsx";
import { errorMessage } from "../../../lib/errors.ts";
import { retentionDaysSchema } from "@inlet/contracts";
import { useTRPC } from "../../../lib/trpc.ts";
import type { Project } from "./settings-page.tsx";

/** An empty field keeps events forever; anything else must be a whole number of days. */
function parseDays(text: string): { days: number | null; error?: string } {
  const trimmed = text.trim();
  if (!trimmed) return { days: null };
  if (!/^\d+$/.test(trimmed)) return { days: null, error: "Enter a whole number of days" };
  const parsed = retentionDaysSchema.safeParse(Number(trimmed));
  return parsed.success
    ? { days: parsed.data }
    : { days: null, error: parsed.error.issues[0]?.message };
}

export function RetentionSettingsForm({ project }: { project: Project }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [daysText, setDaysText] = useState(project.retentionDays?.toString() ?? "");
  const [daysError, setDaysError] = useState<string>();
  const save = useMutation(
    trpc.project.setRetention.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries(trpc.project.get.queryFilter({ projectId: project.id })),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { days, error } = parseDays(daysText);
    setDaysError(error);
    if (!error) save.mutate({ projectId: project.id, retentionDays: days });
  };

  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="retention-heading">
      <h3 id="retention-heading">Retention</h3>
      <Field
        label="Keep events for (days)"
        inputMode="numeric"
        value={daysText}
        onChange={(event) => {
          setDaysText(event.target.value);
          save.reset();
        }}
        error={daysError}
        placeholder="Forever"
        hint="Events are deleted this many days after they were received, in the background within about an hour. Leave empty to keep them forever. Users keep their properties."
      />
      <FormError message={save.isError ? errorMessage(save.error) : null} />
      <div className="form-actions">
        {save.isSuccess && (
          <span className="saved" role="status">
            Saved
          </span>
        )}
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save retention"}
        </button>
      </div>
    </form>
  );
}
