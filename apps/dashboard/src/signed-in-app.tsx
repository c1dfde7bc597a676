import { Link, Route, Switch, useLocation } from "wouter";
import { NotFoundPage } from "./components/state-views.tsx";
import { RequireRole, RoleProvider } from "./lib/role.tsx";
import type { AdminRole } from "@inlet/contracts";
import { AccountPage } from "./pages/account/account-page.tsx";
import { AuditPage } from "./pages/audit/audit-page.tsx";
import { NewProjectPage } from "./pages/new-project-page.tsx";
import { ProjectsPage } from "./pages/projects-page.tsx";
import { ProjectLayout } from "./pages/project/project-layout.tsx";
import { TeamPage } from "./pages/team/team-page.tsx";
import { UnmatchedPage } from "./pages/unmatched-page.tsx";

export function SignedInApp({ email, role }: { email: string; role: AdminRole }) {
  return (
    <RoleProvider role={role}>
      <div className="app">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <AppHeader email={email} role={role} />
        <main id="main" className="app-main">
          <Switch>
            <Route path="/" component={ProjectsPage} />
            <Route path="/projects/new">
              <RequireRole role="admin">
                <NewProjectPage />
              </RequireRole>
            </Route>
            <Route path="/projects/:projectId" nest>
              {(params) => <ProjectLayout projectId={params.projectId} />}
            </Route>
            <Route path="/unmatched">
              <RequireRole role="admin">
                <UnmatchedPage />
              </RequireRole>
            </Route>
            <Route path="/account" component={AccountPage} />
            <Route path="/team">
              <RequireRole role="admin">
                <TeamPage />
              </RequireRole>
            </Route>
            <Route path="/audit">
              <RequireRole role="owner">
                <AuditPage />
              </RequireRole>
            </Route>
            <Route component={NotFoundPage} />
          </Switch>
        </main>
      </div>
    </RoleProvider>
  );
}

function NavLink({ href, children }: { href: string; children: string }) {
  const [location] = useLocation();
  const current = location === href;
  return (
    <Link
      href={href}
      className="button button-ghost button-small"
      aria-current={current ? "page" : undefined}
    >
      {children}
    </Link>
  );
}

function AppHeader({ email, role }: { email: string; role: AdminRole }) {
  return (
    <header className="app-header">
      <div className="app-header-inner">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Inlet
        </Link>
        <nav aria-label="Instance" className="app-header-nav">
          <Link href="/unmatched" className="button button-ghost button-small">
            Unmatched requests
          </Link>
        </nav>
        <nav aria-label="Account" className="app-header-account">
          <RequireRole role="admin">
            <NavLink href="/team">Team</NavLink>
          </RequireRole>
          <RequireRole role="owner">
            <NavLink href="/audit">Audit log</NavLink>
          </RequireRole>
          <Link href="/account" className="muted app-header-email" title={`${email} (${role})`}>
            {email}
          </Link>
          <span className={`badge badge-role-${role}`}>{role}</span>
          <Link href="/logout" className="button button-ghost button-small">
            Sign out
          </Link>
        </nav>
      </div>
    </header>
  );
}
