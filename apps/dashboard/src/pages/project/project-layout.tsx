import { useQuery } from "@tanstack/react-query";
import { Link, Redirect, Route, Switch } from "wouter";
import { ReplicaLagNotice } from "../../components/replica-lag-notice.tsx";
import { ErrorState, LoadingState, NotFoundPage } from "../../components/state-views.tsx";
import { errorCode } from "../../lib/errors.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { CatalogPage } from "./catalog/catalog-page.tsx";
import { EventsPage } from "./events/events-page.tsx";
import { LivePage } from "./live/live-page.tsx";
import { OnboardingPage } from "./onboarding/onboarding-page.tsx";
import { ProjectTabs } from "./project-tabs.tsx";
import { RequireRole } from "../../lib/role.tsx";
import { SettingsPage } from "./settings/settings-page.tsx";
import { TokensPage } from "./tokens/tokens-page.tsx";
import { UserPage } from "./users/user-page.tsx";
import { UsersPage } from "./users/users-page.tsx";

/** A project's header and tabs; routes inside are relative to /projects/:projectId. */
export function ProjectLayout({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const project = useQuery(trpc.project.get.queryOptions({ projectId }));

  if (project.isPending) return <LoadingState label="Loading project…" />;
  if (project.isError) {
    // A malformed id is as missing as an unknown one; its validation message would puzzle.
    const missing = ["NOT_FOUND", "BAD_REQUEST"].includes(errorCode(project.error) ?? "");
    return (
      <div className="page">
        {missing ? (
          <>
            <h1>This project does not exist</h1>
            <p>No project has the id in this address. It may have been deleted.</p>
          </>
        ) : (
          <ErrorState
            title="Could not load the project"
            error={project.error}
            onRetry={() => void project.refetch()}
          />
        )}
        <p className="centered">
          <Link href="~/">Back to projects</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="~/">Projects</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page">{project.data.name}</span>
      </nav>
      <h1 className="project-title">{project.data.name}</h1>
      <ProjectTabs projectName={project.data.name} />
      <ReplicaLagNotice />
      <div className="project-body">
        <Switch>
          <Route path="/">
            <Redirect to="/live" replace />
          </Route>
          <Route path="/live">
            <LivePage projectId={projectId} />
          </Route>
          <Route path="/events">
            <EventsPage projectId={projectId} />
          </Route>
          <Route path="/catalogue">
            <CatalogPage projectId={projectId} />
          </Route>
          <Route path="/users">
            <UsersPage projectId={projectId} />
          </Route>
          <Route path="/users/:userId">
            {(params) => <UserPage projectId={projectId} userId={params.userId} />}
          </Route>
          <Route path="/tokens">
            <TokensPage projectId={projectId} />
          </Route>
          <Route path="/settings">
            <RequireRole role="admin">
              <SettingsPage project={project.data} />
            </RequireRole>
          </Route>
          <Route path="/onboarding">
            <OnboardingPage projectId={projectId} />
          </Route>
          <Route component={NotFoundPage} />
        </Switch>
      </div>
    </div>
  );
}
