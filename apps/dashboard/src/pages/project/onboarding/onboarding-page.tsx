import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { CodeBlock } from "../../../components/code-block.tsx";
import { CopyButton } from "../../../components/code-block.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../../components/state-views.tsx";
import { useTRPC } from "../../../lib/trpc.ts";
import { LivePreview } from "./live-preview.tsx";
import { SendTestEvent } from "./send-test-event.tsx";
import { SdkSnippets } from "./sdk-snippets.tsx";
import { curlSnippets } from "@inlet/contracts";

export function OnboardingPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const tokens = useQuery(trpc.token.list.queryOptions({ projectId }));

  if (tokens.isPending) return <LoadingState label="Loading the project's token…" />;
  if (tokens.isError)
    return <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />;

  // Fully active first; a token in its rotation grace period still works, but not for long.
  const token =
    tokens.data.find((t) => t.status === "active") ??
    tokens.data.find((t) => t.status === "expiring");
  if (!token) {
    return (
      <EmptyState
        title="No working token"
        action={
          <Link href="/tokens" className="button button-primary">
            Create a token
          </Link>
        }
      >
        <p>Every token of this project is revoked or expired. Create one to send events.</p>
      </EmptyState>
    );
  }

  const host = window.location.origin;
  return (
    <div className="onboarding stack-large">
      <section className="card stack" aria-labelledby="token-heading">
        <h2 id="token-heading">Your project token</h2>
        <p className="muted">
          Apps send events with this token. It can only send, never read, so it is safe in browser
          code.
        </p>
        <div className="token-display">
          <code data-testid="project-token">{token.token}</code>
          <CopyButton text={token.token} label="Copy token" />
        </div>
        <SendTestEvent token={token.token} />
        <LivePreview projectId={projectId} />
      </section>

      <section className="stack" aria-labelledby="curl-heading">
        <h2 id="curl-heading">Send events with curl</h2>
        <p className="muted">Ready to paste: they point at this server with your token.</p>
        {curlSnippets(host, token.token).map((snippet) => (
          <CodeBlock key={snippet.title} title={snippet.title} code={snippet.code} />
        ))}
      </section>

      <SdkSnippets host={host} token={token.token} />
    </div>
  );
}
