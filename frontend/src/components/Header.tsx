import { useState } from "react";
import { useAuth } from "../auth/AuthContext";
import { Link } from "../lib/router";
import { paths } from "../lib/routes";

export function Header() {
  const { user, logout } = useAuth();
  const [busy, setBusy] = useState(false);
  return (
    <header className="app-header">
      <Link to={paths.projects()} className="brand">
        <span className="brand-mark" aria-hidden="true" />
        labelplatform
      </Link>
      <nav className="header-nav">
        <Link to={paths.projects()}>Projects</Link>
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
