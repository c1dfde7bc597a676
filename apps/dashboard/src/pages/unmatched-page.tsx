import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { EmptyState } from "../components/state-views.tsx";
import { formatTime } from "../lib/format.ts";
import { useTRPC, type RouterOutputs } from "../lib/trpc.ts";
import { usePageTitle } from "../lib/use-page-title.ts";

type Yielded<T> = T extends AsyncIterable<infer U> ? U : T;
type Entry = Yielded<RouterOutputs["unmatched"]["requests"]>["data"];
type UnmatchedRequest = Extract<Entry, { type: "request" }>["request"];

// The server keeps a bounded sample too; this many is plenty to spot a pattern.
const MAX_SHOWN = 200;

/**
 * Requests whose token matched no project (or none was sent), from every process: the
 * recent ones when the page opens, then each as it arrives.
 */
export function UnmatchedPage() {
  usePageTitle("Unmatched requests");
  const trpc = useTRPC();
  const [requests, setRequests] = useState<UnmatchedRequest[]>([]);
  const subscription = useSubscription(
    trpc.unmatched.requests.subscriptionOptions(
      {},
      {
        onData: ({ data }) => {
          if (data.type !== "request") return;
          setRequests((current) =>
            current.some((known) => known.itemId === data.request.itemId)
              ? current
              : [data.request, ...current].slice(0, MAX_SHOWN),
          );
        },
      },
    ),
  );

  return (
    <section className="page stack" aria-labelledby="unmatched-heading">
      <div className="section-header">
        <h1 id="unmatched-heading">Unmatched requests</h1>
        <span className="muted" role="status">
          {subscription.status === "pending"
            ? "Live"
            : subscription.status === "error"
              ? "Disconnected"
              : "Connecting…"}
        </span>
      </div>
      <p className="muted">
        Requests to <code>/e</code>, <code>/i</code> and <code>/u</code> that reached no project: no
        token, a token that matches none, or a revoked or expired one. Tokens are shown masked; a
        sample of at most 20 a second per server is kept.
      </p>
      {requests.length === 0 ? (
        <EmptyState title="No unmatched requests">
          <p>Requests with a missing or unknown token appear here the moment they arrive.</p>
        </EmptyState>
      ) : (
        <ol className="unmatched-list" aria-label="Unmatched requests, newest first">
          {requests.map((request) => (
            <li key={request.itemId} className="unmatched-item card stack">
              <p className="unmatched-summary">
                <time dateTime={request.at}>{formatTime(request.at)}</time>{" "}
                <span className="status-code">{request.status}</span>{" "}
                <strong>{request.reason}</strong> on <code>{request.path}</code>
              </p>
              {request.hint && <p className="notice notice-info">{request.hint}</p>}
              <dl className="unmatched-fields">
                <dt>Token</dt>
                <dd>{request.token ? <code>{request.token}</code> : "none"}</dd>
                <dt>Origin</dt>
                <dd>{request.origin ?? "none (not a browser)"}</dd>
                <dt>Agent</dt>
                <dd>{request.userAgent ?? "none"}</dd>
                <dt>Body</dt>
                <dd>
                  <code className="unmatched-excerpt">{request.excerpt || "(empty)"}</code>
                </dd>
              </dl>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
