import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, type ReactNode } from "react";
import { Link } from "wouter";
import { LoadingState } from "../components/state-views.tsx";
import { errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../lib/trpc.ts";
import { usePageTitle } from "../lib/use-page-title.ts";

interface AuthLayoutProps {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}

/** The narrow centred card used by setup, sign-in and sign-out. */
export function AuthLayout({ title, intro, children }: AuthLayoutProps) {
  usePageTitle(title);
  return (
    <main className="auth-page">
      <div className="auth-card">
        <p className="brand brand-large" aria-hidden="true">
          <span className="brand-mark" />
          Inlet
        </p>
        <h1>{title}</h1>
        {intro && <div className="auth-intro">{intro}</div>}
        {children}
      </div>
    </main>
  );
}

export function LogoutPage({ signedIn }: { signedIn: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const started = useRef(false);
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      // Already signed out elsewhere is the outcome we wanted, not an error to chase.
      meta: { handlesUnauthorized: true },
      onSettled: () => {
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.session.queryKey(), {
          admin: null,
          needsBootstrap: false,
        });
      },
    }),
  );
  const { mutate } = logout;

  useEffect(() => {
    // Development mode runs effects twice; the session must be ended once.
    if (!signedIn || started.current) return;
    started.current = true;
    mutate();
  }, [signedIn, mutate]);

  if (logout.isPending || (signedIn && logout.isIdle)) {
    return (
      <AuthLayout title="Signing out">
        <LoadingState label="Ending your session…" />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="You are signed out">
      {logout.isError && (
        <p className="notice notice-warning" role="alert">
          {errorMessage(logout.error)}
        </p>
      )}
      <p>Your session has ended on this browser.</p>
      <Link href="/login" className="button button-primary">
        Sign in again
      </Link>
    </AuthLayout>
  );
}
