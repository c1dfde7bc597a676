import { Link, useLocation } from "wouter";
import { useCan } from "../../lib/role.tsx";
import type { AdminRole } from "@inlet/contracts";
import { usePageTitle } from "../../lib/use-page-title.ts";

const TABS: { path: string; label: string; role: AdminRole }[] = [
  { path: "/live", label: "Live", role: "viewer" },
  { path: "/events", label: "Events", role: "viewer" },
  { path: "/catalogue", label: "Catalogue", role: "viewer" },
  { path: "/users", label: "Users", role: "viewer" },
  { path: "/tokens", label: "Tokens", role: "viewer" },
  { path: "/settings", label: "Settings", role: "admin" },
  { path: "/onboarding", label: "Get started", role: "viewer" },
];

/** Links rather than ARIA tabs: each section has its own address, shareable and bookmarkable. */
export function ProjectTabs({ projectName }: { projectName: string }) {
  // Relative to the project, because the layout's route is nested.
  const [location] = useLocation();
  const canAdmin = useCan("admin");
  const tabs = TABS.filter((tab) => tab.role === "viewer" || canAdmin);
  const isCurrent = (path: string) => location === path || location.startsWith(`${path}/`);
  usePageTitle(TABS.find((tab) => isCurrent(tab.path))?.label, projectName);
  return (
    <nav className="tabs" aria-label="Project sections">
      {tabs.map((tab) => {
        // A user's page belongs to Users too.
        const current = isCurrent(tab.path);
        return (
          <Link
            key={tab.path}
            href={tab.path}
            className={current ? "tab tab-active" : "tab"}
            aria-current={current ? "page" : undefined}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
