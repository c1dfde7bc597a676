import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Dialog } from "../../../components/dialog.tsx";
import { FormError } from "../../../components/state-views.tsx";
import { errorMessage } from "../../../lib/errors.ts";
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
    <Dialog
      title="Revoke this token?"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={() => revoke.mutate({ tokenId: token.id })}
            disabled={revoke.isPending}
          >
            {revoke.isPending ? "Revoking…" : "Revoke token"}
          </button>
        </>
      }
    >
      <p>
        <strong>{token.label || "Unlabelled token"}</strong> (
        <code>{token.token.slice(0, 14)}…</code>) stops working within a second. Every app still
        sending with it is refused with 401, and the refusals show in Live.
      </p>
      <p className="muted">
        This cannot be undone. To replace a token without downtime, rotate it instead.
      </p>
      <FormError message={revoke.isError ? errorMessage(revoke.error) : null} />
    </Dialog>
  );
}
