import { useMutation, useQueryClient } from "@tanstack/react-query";
import { RevokeDialog } from "../../../components/revoke-dialog.tsx";
import { useTRPC } from "../../../lib/trpc.ts";
import type { TokenRow } from "./token-card.tsx";

interface RevokeTokenDialogProps {
  projectId: string;
  token: TokenRow;
  onClose: () => void;
}

export function RevokeTokenDialog({ projectId, token, onClose }: RevokeTokenDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.token.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.token.list.queryFilter({ projectId }));
        onClose();
      },
    }),
  );

  return (
    <RevokeDialog
      title="Revoke this token?"
      confirmLabel="Revoke token"
      revoke={revoke}
      onConfirm={() => revoke.mutate({ tokenId: token.id })}
      onClose={onClose}
    >
      <p>
        <strong>{token.label || "Unlabelled token"}</strong> (
        <code>{token.token.slice(0, 14)}…</code>) stops working within a second. Every app still
        sending with it is refused with 401, and the refusals show in Live.
      </p>
      <p className="muted">
        This cannot be undone. To replace a token without downtime, rotate it instead.
      </p>
    </RevokeDialog>
  );
}
