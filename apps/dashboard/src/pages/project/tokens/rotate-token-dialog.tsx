import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { CopyButton } from "../../../components/code-block.tsx";
import { Dialog } from "../../../components/dialog.tsx";
import { FormError } from "../../../components/state-views.tsx";
import { errorMessage } from "../../../lib/errors.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useTRPC } from "../../../lib/trpc.ts";
import type { TokenRow } from "./token-card.tsx";

const GRACE_OPTIONS = [
  { seconds: 0, label: "Immediately" },
  { seconds: 3_600, label: "After 1 hour" },
  { seconds: 86_400, label: "After 24 hours" },
  { seconds: 7 * 86_400, label: "After 7 days" },
] as const;

interface RotateTokenDialogProps {
  projectId: string;
  token: TokenRow;
  onClose: () => void;
}

export function RotateTokenDialog({ projectId, token, onClose }: RotateTokenDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const selectId = useId();
  const [grace, setGrace] = useState<number>(86_400);
  const rotate = useMutation(
    trpc.token.rotate.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.token.list.queryFilter({ projectId })),
    }),
  );

  if (rotate.isSuccess) {
    const { successor, oldTokenExpiresAt } = rotate.data;
    return (
      <Dialog
        title="Token rotated"
        onClose={onClose}
        actions={
          <button type="button" className="button button-primary" onClick={onClose}>
            Done
          </button>
        }
      >
        <p>Put the new token in your apps:</p>
        <div className="token-display">
          <code>{successor.token}</code>
          <CopyButton text={successor.token} description="new token" />
        </div>
        <p className="muted">
          The old token{" "}
          {grace === 0
            ? "has stopped working."
            : `works until ${formatDateTime(oldTokenExpiresAt)}.`}
        </p>
      </Dialog>
    );
  }

  return (
    <Dialog
      title="Rotate this token"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => rotate.mutate({ tokenId: token.id, graceSeconds: grace })}
            disabled={rotate.isPending}
          >
            {rotate.isPending ? "Rotating…" : "Rotate token"}
          </button>
        </>
      }
    >
      <p>
        A new token replaces <strong>{token.label || "Unlabelled token"}</strong>. The old one keeps
        working for a grace period, so you can update your apps first.
      </p>
      <div className="field">
        <label htmlFor={selectId}>Old token stops working</label>
        <select
          id={selectId}
          value={grace}
          onChange={(event) => setGrace(Number(event.target.value))}
          data-autofocus
        >
          {GRACE_OPTIONS.map((option) => (
            <option key={option.seconds} value={option.seconds}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <FormError message={rotate.isError ? errorMessage(rotate.error) : null} />
    </Dialog>
  );
}
