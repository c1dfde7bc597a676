import type { ReactNode } from "react";
import { Link } from "wouter";
import { errorMessage } from "../lib/errors.ts";
import { usePageTitle } from "../lib/use-page-title.ts";

export function LoadingState({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

interface EmptyStateProps {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}

export function EmptyState({ title, children, action }: EmptyStateProps) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children && <div className="state-text">{children}</div>}
      {action}
    </div>
  );
}

interface ErrorStateProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

export function ErrorState({ error, title = "Could not load this", onRetry }: ErrorStateProps) {
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{title}</p>
      <p className="state-text">{errorMessage(error)}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A form-level error line, announced when it appears. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}

/** For addresses that match no page; `~/` leaves any nested route. */
export function NotFoundPage() {
  usePageTitle("Not found");
  return (
    <div className="page">
      <h1>Page not found</h1>
      <EmptyState
        title="Nothing here"
        action={
          <Link href="~/" className="button">
            Back to projects
          </Link>
        }
      >
        <p>This address does not match any page of the dashboard.</p>
      </EmptyState>
    </div>
  );
}
