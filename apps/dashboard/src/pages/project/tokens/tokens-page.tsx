import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState, ErrorState, LoadingState } from "../../../components/state-views.tsx";
import { RequireRole } from "../../../lib/role.tsx";
import { useTRPC } from "../../../lib/trpc.ts";
import { CreateTokenForm } from "./create-token-form.tsx";
import { RevokeTokenDialog } from "./revoke-token-dialog.tsx";
import { RotateTokenDialog } from "./rotate-token-dialog.tsx";
import { TokenCard, type TokenRow } from "./token-card.tsx";

type Pending = { action: "revoke" | "rotate"; token: TokenRow } | null;

export function TokensPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const tokens = useQuery({
    ...trpc.token.list.queryOptions({ projectId }),
    // The server records "last used" every few seconds; keep the page roughly current.
    refetchInterval: 15_000,
  });
  const [pending, setPending] = useState<Pending>(null);
  const close = () => setPending(null);

  return (
    <section className="stack" aria-labelledby="tokens-heading">
      <div>
        <h2 id="tokens-heading">Tokens</h2>
        <p className="muted">
          Apps send events with a token. Revoke one that leaked; rotate to replace one without
          downtime.
        </p>
      </div>
      <RequireRole role="admin">
        <CreateTokenForm projectId={projectId} />
      </RequireRole>
      {tokens.isPending ? (
        <LoadingState label="Loading tokens…" />
      ) : tokens.isError ? (
        <ErrorState
          error={tokens.error}
          title="Could not load tokens"
          onRetry={() => void tokens.refetch()}
        />
      ) : tokens.data.length === 0 ? (
        <EmptyState title="No tokens">
          <p>Create a token above to start sending events.</p>
        </EmptyState>
      ) : (
        <ul className="token-list" aria-label="Tokens">
          {tokens.data.map((token) => (
            <TokenCard
              key={token.id}
              token={token}
              onRevoke={() => setPending({ action: "revoke", token })}
              onRotate={() => setPending({ action: "rotate", token })}
            />
          ))}
        </ul>
      )}
      {pending?.action === "revoke" && (
        <RevokeTokenDialog projectId={projectId} token={pending.token} onClose={close} />
      )}
      {pending?.action === "rotate" && (
        <RotateTokenDialog projectId={projectId} token={pending.token} onClose={close} />
      )}
    </section>
  );
}
