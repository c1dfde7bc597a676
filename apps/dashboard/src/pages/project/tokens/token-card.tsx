import { CopyButton } from "../../../components/code-block.tsx";
import { formatDateTime, formatRelative } from "../../../lib/format.ts";
import { useCan } from "../../../lib/role.tsx";
import type { RouterOutputs } from "../../../lib/trpc.ts";

export type TokenRow = RouterOutputs["token"]["list"][number];

const STATUS_TEXT: Record<TokenRow["status"], string> = {
  active: "Active",
  expiring: "Expiring",
  expired: "Expired",
  revoked: "Revoked",
};

function statusDetail(token: TokenRow): string | null {
  if (token.status === "revoked") return `revoked ${formatRelative(token.revokedAt)}`;
  if (token.status === "expiring") return `stops working ${formatRelative(token.expiresAt)}`;
  if (token.status === "expired") return `stopped ${formatRelative(token.expiresAt)}`;
  return null;
}

interface TokenCardProps {
  token: TokenRow;
  onRevoke: () => void;
  onRotate: () => void;
}

export function TokenCard({ token, onRevoke, onRotate }: TokenCardProps) {
  const usable = token.status === "active" || token.status === "expiring";
  const canManage = useCan("admin");
  const name = token.label || "Unlabelled token";
  const detail = statusDetail(token);
  return (
    <li className={`token-card card ${usable ? "" : "token-card-dead"}`}>
      <div className="token-card-head">
        <h3 className="token-label">{name}</h3>
        <span className={`badge badge-token-${token.status}`}>{STATUS_TEXT[token.status]}</span>
        {detail && (
          <span className="muted small" title={formatDateTime(token.expiresAt ?? token.revokedAt)}>
            {detail}
          </span>
        )}
      </div>
      <div className="token-display">
        <code>{token.token}</code>
        <CopyButton text={token.token} description={name} />
      </div>
      <dl className="facts facts-compact">
        <div>
          <dt>Last used</dt>
          <dd title={formatDateTime(token.lastUsedAt)}>{formatRelative(token.lastUsedAt)}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(token.createdAt)}</dd>
        </div>
      </dl>
      {usable && canManage && (
        <div className="token-actions">
          {token.status === "active" && (
            <button type="button" className="button button-small" onClick={onRotate}>
              Rotate<span className="visually-hidden"> {name}</span>
            </button>
          )}
          <button type="button" className="button button-small button-danger" onClick={onRevoke}>
            Revoke<span className="visually-hidden"> {name}</span>
          </button>
        </div>
      )}
    </li>
  );
}
