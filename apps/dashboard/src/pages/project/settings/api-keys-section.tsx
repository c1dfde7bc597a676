import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState, ErrorState, LoadingState } from "../../../components/state-views.tsx";
import { formatDateTime, formatRelative } from "../../../lib/format.ts";
import { RequireRole, useCan } from "../../../lib/role.tsx";
import { useTRPC, type RouterOutputs } from "../../../lib/trpc.ts";
import { CreateApiKeyForm } from "./create-api-key-form.tsx";
import { RevokeApiKeyDialog } from "./revoke-api-key-dialog.tsx";

export type ApiKeyRow = RouterOutputs["apiKey"]["list"][number];

/** Secret keys for programs reading this project over /api/v1. */
export function ApiKeysSection({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const keys = useQuery(trpc.apiKey.list.queryOptions({ projectId }));
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const canManage = useCan("admin");

  return (
    <section className="card stack" aria-labelledby="api-keys-heading">
      <h3 id="api-keys-heading">API keys</h3>
      <p className="muted">
        Secret keys let your own programs read this project&apos;s events and users from{" "}
        <code>/api/v1</code> (<code>Authorization: Bearer sk_…</code>). Unlike the project token, a
        secret key must never ship in an app or a web page, and it cannot send events.
      </p>
      <RequireRole role="admin">
        <CreateApiKeyForm projectId={projectId} />
      </RequireRole>
      {keys.isPending ? (
        <LoadingState label="Loading API keys…" />
      ) : keys.isError ? (
        <ErrorState
          error={keys.error}
          title="Could not load API keys"
          onRetry={() => void keys.refetch()}
        />
      ) : keys.data.length === 0 ? (
        <EmptyState title="No API keys yet">
          <p>{canManage ? "Create one above." : "An admin can create one."}</p>
        </EmptyState>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">API keys</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Label</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              {canManage && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {keys.data.map((key) => (
              <tr key={key.id}>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{key.label || <span className="muted">Unlabelled</span>}</td>
                <td>{key.scopes.join(", ")}</td>
                <td>{formatDateTime(key.createdAt)}</td>
                <td title={formatDateTime(key.lastUsedAt)}>{formatRelative(key.lastUsedAt)}</td>
                <td>
                  {key.revokedAt ? (
                    <span className="badge badge-token-revoked">Revoked</span>
                  ) : (
                    <span className="badge badge-token-active">Active</span>
                  )}
                </td>
                {canManage && (
                  <td>
                    {!key.revokedAt && (
                      <button
                        type="button"
                        className="button button-small button-danger"
                        onClick={() => setRevoking(key)}
                      >
                        Revoke<span className="visually-hidden"> {key.prefix}</span>
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoking && (
        <RevokeApiKeyDialog
          projectId={projectId}
          apiKey={revoking}
          onClose={() => setRevoking(null)}
        />
      )}
    </section>
  );
}
