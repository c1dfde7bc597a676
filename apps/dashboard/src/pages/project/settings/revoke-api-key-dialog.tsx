import { useMutation, useQueryClient } from "@tanstack/react-query";
import { RevokeDialog } from "../../../components/revoke-dialog.tsx";
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
    <RevokeDialog
      title="Revoke this API key?"
      confirmLabel="Revoke key"
      revoke={revoke}
      onConfirm={() => revoke.mutate({ keyId: apiKey.id })}
      onClose={onClose}
    >
      <p>
        <strong>{apiKey.label || "Unlabelled key"}</strong> (<code>{apiKey.prefix}…</code>) stops
        working within a second; programs using it get 401. This cannot be undone.
      </p>
    </RevokeDialog>
  );
}
