import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Dialog } from "../../../components/dialog.tsx";
import { FormError } from "../../../components/state-views.tsx";
import { errorMessage } from "../../../lib/errors.ts";
import { useTRPC } from "../../../lib/trpc.ts";
import type { ApiKeyRow } from "./api-keys-section.tsx";

interface RevokeApiKeyDialogProps {
  projectId: string;
  apiKey: ApiKeyRow;
  onClose: () => void;
}

export function RevokeApiKeyDialog({ projectId, apiKey, onClose }: RevokeApiKeyDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.apiKey.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.apiKey.list.queryFilter({ projectId }));
        onClose();
      },
    }),
  );

  return (
    <Dialog
      title="Revoke this API key?"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={() => revoke.mutate({ keyId: apiKey.id })}
            disabled={revoke.isPending}
          >
            {revoke.isPending ? "Revoking…" : "Revoke key"}
          </button>
        </>
      }
    >
      <p>
        <strong>{apiKey.label || "Unlabelled key"}</strong> (<code>{apiKey.prefix}…</code>) stops
        working within a second; programs using it get 401. This cannot be undone.
      </p>
      <FormError message={revoke.isError ? errorMessage(revoke.error) : null} />
    </Dialog>
  );
}
