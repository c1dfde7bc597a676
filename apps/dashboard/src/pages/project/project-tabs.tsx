import { Link, useLocation } from "wouter";

const TABS = [
  { path: "/live", label: "Live" },
  { path: "/events", label: "Events" },
  { path: "/users", label: "Users" },
  { path: "/tokens", label: "Tokens" },
  { path: "/settings", label: "Settings" },
  { path: "/onboarding", label: "Get started" },
] as const;

/** Links rather than ARIA tabs: each section has its own address, shareable and bookmarkable. */
export function ProjectTabs() {
  // Relative to the project, because the layout's route is nested.
  const [location] = useLocation();
  return (
    <nav className="tabs" aria-label="Project sections">
      {TABS.map((tab) => {
        // A user's page belongs to Users too.
        const current = location === tab.path || location.startsWith(`${tab.path}/`);
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
