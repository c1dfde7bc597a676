import type { ReactNode } from "react";
import { errorMessage } from "../lib/errors.ts";
import { Dialog } from "./dialog.tsx";
import { FormError } from "./state-views.tsx";

interface RevokeDialogProps {
  title: string;
  /** The danger button's text, e.g. "Revoke token". */
  confirmLabel: string;
  /** The revoking mutation's state, as TanStack Query reports it. */
  revoke: { isPending: boolean; isError: boolean; error: unknown };
  onConfirm: () => void;
  onClose: () => void;
  /** What stops working, and what follows. */
  children: ReactNode;
}

/** Confirms revoking a credential: Cancel is focused first, the error shows in the dialog. */
export function RevokeDialog({
  title,
  confirmLabel,
  revoke,
  onConfirm,
  onClose,
  children,
}: RevokeDialogProps) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={onConfirm}
            disabled={revoke.isPending}
          >
            {revoke.isPending ? "Revoking…" : confirmLabel}
          </button>
        </>
      }
    >
      {children}
      <FormError message={revoke.isError ? errorMessage(revoke.error) : null} />
    </Dialog>
  );
}
