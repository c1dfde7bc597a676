import { hashKey, QueryClientProvider, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Redirect, Route, Switch, useLocation, useSearch } from "wouter";
import { ErrorState, LoadingState } from "./components/state-views.tsx";
import { createQueryClient } from "./lib/query-client.ts";
import { onAccessChanged, onSessionExpired } from "./lib/session-expiry.ts";
import { createApiClient, TRPCProvider, useTRPC } from "./lib/trpc.ts";
import { AccessLinkPage } from "./pages/access-link-page.tsx";
import { LogoutPage } from "./pages/auth-pages.tsx";
import { LoginPage } from "./pages/login-page.tsx";
import { SetupPage } from "./pages/setup-page.tsx";
import { SignedInApp } from "./signed-in-app.tsx";

export function App() {
  // Created once per page load: both hold caches and connections that must survive renders.
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createApiClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <AuthGate />
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** Only same-site paths: a crafted `next` must not send the admin to another site. */
function safeNext(search: string): string {
  const next = new URLSearchParams(search).get("next");
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

/** Decides between first-run setup, sign-in and the dashboard from the server's answer. */
function AuthGate() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [location, navigate] = useLocation();
  const search = useSearch();
  const session = useQuery(trpc.auth.session.queryOptions());

  useEffect(
    () =>
      onSessionExpired(() => {
        const here = window.location.pathname + window.location.search;
        // Cached project data belonged to the ended session; start clean after sign-in.
        const sessionKey = trpc.auth.session.queryKey();
        const sessionHash = hashKey(sessionKey);
        queryClient.removeQueries({ predicate: (query) => query.queryHash !== sessionHash });
        queryClient.setQueryData(sessionKey, {
          admin: null,
          needsBootstrap: false,
        });
        if (!here.startsWith("/login")) {
          navigate(`/login?expired=1&next=${encodeURIComponent(here)}`, { replace: true });
        }
      }),
    [navigate, queryClient, trpc],
  );
  useEffect(
    () =>
      onAccessChanged(() => void queryClient.invalidateQueries(trpc.auth.session.queryFilter())),
    [queryClient, trpc],
  );

  if (session.isPending) {
    return (
      <main className="centered-page">
        <LoadingState label="Connecting to Inlet…" />
      </main>
    );
  }
  if (session.isError) {
    return (
      <main className="centered-page">
        <ErrorState
          title="Inlet is not answering"
          error={session.error}
          onRetry={() => void session.refetch()}
        />
      </main>
    );
  }

  const { admin, needsBootstrap } = session.data;
  const nextHere = `/login?next=${encodeURIComponent(location + (search ? `?${search}` : ""))}`;
  return (
    <Switch>
      <Route path="/setup">{needsBootstrap ? <SetupPage /> : <Redirect to="/" replace />}</Route>
      <Route path="/login">
        {needsBootstrap ? (
          <Redirect to="/setup" replace />
        ) : admin ? (
          <Redirect to={safeNext(search)} replace />
        ) : (
          <LoginPage />
        )}
      </Route>
      {/* Open whether signed in or not: the link itself is the proof. */}
      <Route path="/invite">
        <AccessLinkPage kind="invitation" />
      </Route>
      <Route path="/reset-password">
        <AccessLinkPage kind="password_reset" />
      </Route>
      <Route path="/logout">
        <LogoutPage signedIn={admin !== null} />
      </Route>
      <Route>
        {needsBootstrap ? (
          <Redirect to="/setup" replace />
        ) : admin ? (
          <SignedInApp email={admin.email} role={admin.role} />
        ) : (
          <Redirect to={location === "/" ? "/login" : nextHere} replace />
        )}
      </Route>
    </Switch>
  );
}
