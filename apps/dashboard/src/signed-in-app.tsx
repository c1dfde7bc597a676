import { Link, Route, Switch } from "wouter";
import { NotFoundPage } from "./components/state-views.tsx";
import { NewProjectPage } from "./pages/new-project-page.tsx";
import { ProjectsPage } from "./pages/projects-page.tsx";
import { ProjectLayout } from "./pages/project/project-layout.tsx";

export function SignedInApp({ email }: { email: string }) {
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader email={email} />
      <main id="main" className="app-main">
        <Switch>
          <Route path="/" component={ProjectsPage} />
          <Route path="/projects/new" component={NewProjectPage} />
          <Route path="/projects/:projectId" nest>
            {(params) => <ProjectLayout projectId={params.projectId} />}
          </Route>
          <Route component={NotFoundPage} />
        </Switch>
      </main>
    </div>
  );
}

function AppHeader({ email }: { email: string }) {
  return (
    <header className="app-header">
      <div className="app-header-inner">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Inlet
        </Link>
        <nav aria-label="Account" className="app-header-account">
          <span className="muted app-header-email" title={email}>
            {email}
          </span>
          <Link href="/logout" className="button button-ghost button-small">
            Sign out
          </Link>
        </nav>
      </div>
    </header>
  );
}
