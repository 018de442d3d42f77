import { useState } from "react";
import { useAuth } from "../auth/AuthContext";
import { Link, useLocation } from "../lib/router";
import { matchRoute, paths } from "../lib/routes";
import { ProjectNav } from "./ProjectNav";

export function Header() {
  const { user, logout } = useAuth();
  const [busy, setBusy] = useState(false);
  const route = matchRoute(useLocation().pathname);
  const projectId = "projectId" in route ? route.projectId : null;
  return (
    <header className="app-header">
      <Link to={paths.projects()} className="brand">
        <span className="brand-mark" aria-hidden="true" />
        labelplatform
      </Link>
      <nav className="header-nav">
        <Link to={paths.projects()}>Projects</Link>
        {projectId !== null && user && <ProjectNav key={projectId} projectId={projectId} route={route.name} isStaff={user.is_staff} />}
      </nav>
      <div className="header-user">
        {user && (
          <>
            <span className="user-name" data-testid="header-username" title={user.is_staff ? "staff" : undefined}>
              {user.username}
              {user.is_staff && <span className="badge badge-staff">staff</span>}
            </span>
            <button
              type="button"
              className="btn btn-sm btn-ghost"
              data-testid="logout"
              disabled={busy}
              onClick={() => {
                setBusy(true);
                void logout().finally(() => setBusy(false));
              }}
            >
              Log out
            </button>
          </>
        )}
      </div>
    </header>
  );
}
