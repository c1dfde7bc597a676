import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { EmptyState, ErrorState, LoadingState } from "../components/state-views.tsx";
import { formatCount, formatDateTime } from "../lib/format.ts";
import { RequireRole } from "../lib/role.tsx";
import { useTRPC } from "../lib/trpc.ts";
import { usePageTitle } from "../lib/use-page-title.ts";

export function ProjectsPage() {
  usePageTitle("Projects");
  const trpc = useTRPC();
  const projects = useQuery(trpc.project.list.queryOptions());

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Projects</h1>
          <p className="muted">Each project has its own tokens, events and users.</p>
        </div>
        <RequireRole role="admin">
          <Link href="/projects/new" className="button button-primary">
            New project
          </Link>
        </RequireRole>
      </header>

      {projects.isPending ? (
        <LoadingState label="Loading projects…" />
      ) : projects.isError ? (
        <ErrorState
          error={projects.error}
          title="Could not load projects"
          onRetry={() => void projects.refetch()}
        />
      ) : projects.data.length === 0 ? (
        <EmptyState
          title="No projects yet"
          action={
            <RequireRole role="admin">
              <Link href="/projects/new" className="button button-primary">
                Create your first project
              </Link>
            </RequireRole>
          }
        >
          <p>A project receives events from your apps through its tokens.</p>
        </EmptyState>
      ) : (
        <ul className="project-grid" aria-label="Projects">
          {projects.data.map((project) => (
            <li key={project.id}>
              <Link href={`/projects/${project.id}/live`} className="project-card">
                <span className="project-card-name">{project.name}</span>
                <span className="project-card-count">
                  <strong>{formatCount(project.eventsLast24h)}</strong>{" "}
                  {project.eventsLast24h === 1 ? "event" : "events"} in the last 24 h
                </span>
                <span className="muted small">Created {formatDateTime(project.createdAt)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
