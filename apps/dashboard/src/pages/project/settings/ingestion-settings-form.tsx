import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { TextAreaField } from "../../../components/field.tsx";
import { FormError } from "../../../components/state-views.tsx";
import { errorMessage } from "../../../lib/errors.ts";
import { originSchema } from "@inlet/contracts";
import { useTRPC } from "../../../lib/trpc.ts";
import type { Project } from "./settings-page.tsx";

/** Every non-empty line must be an origin; the first bad line is named in the error. */
function parseOrigins(text: string): { origins: string[]; error?: string } {
  const lines = text.split("\n").map((line) => line.trim());
  const origins: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (!line) continue;
    const parsed = originSchema.safeParse(line);
    if (!parsed.success) {
      return {
        origins,
        error: `Line ${index + 1} (“${line}”): ${parsed.error.issues[0]?.message}`,
      };
    }
    origins.push(parsed.data);
  }
  if (origins.length > 100) return { origins, error: "At most 100 origins" };
  return { origins: [...new Set(origins)] };
}

export function IngestionSettingsForm({ project }: { project: Project }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const botsId = useId();
  const [originsText, setOriginsText] = useState(project.allowedOrigins.join("\n"));
  const [filterBots, setFilterBots] = useState(project.filterBots);
  const [originsError, setOriginsError] = useState<string>();
  const save = useMutation(
    trpc.project.updateSettings.mutationOptions({
      onSuccess: (saved) => {
        setOriginsText(saved.allowedOrigins.join("\n"));
        return queryClient.invalidateQueries(
          trpc.project.get.queryFilter({ projectId: project.id }),
        );
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { origins, error } = parseOrigins(originsText);
    setOriginsError(error);
    if (!error) save.mutate({ projectId: project.id, allowedOrigins: origins, filterBots });
  };

  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="ingest-heading">
      <h3 id="ingest-heading">Ingestion</h3>
      <TextAreaField
        label="Allowed origins"
        value={originsText}
        onChange={(value) => {
          setOriginsText(value);
          save.reset();
        }}
        error={originsError}
        rows={4}
        placeholder={"https://shop.example.com\nhttps://www.example.com"}
        hint="One per line. Browser requests from other origins are refused (403). Leave empty to accept every origin; server-side calls always pass."
      />
      <div className="checkbox-field">
        <input
          id={botsId}
          type="checkbox"
          checked={filterBots}
          onChange={(event) => {
            setFilterBots(event.target.checked);
            save.reset();
          }}
        />
        <label htmlFor={botsId}>
          Filter bots
          <span className="field-hint">
            Known crawlers get 200 but are not stored; Live shows them as dropped.
          </span>
        </label>
      </div>
      <FormError message={save.isError ? errorMessage(save.error) : null} />
      <div className="form-actions">
        {save.isSuccess && (
          <span className="saved" role="status">
            Saved
          </span>
        )}
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save settings"}
        </button>
      </div>
    </form>
  );
}
