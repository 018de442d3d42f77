import { useEffect, useState } from "react";
import { listPeople } from "../api/accounts";
import { INVITATIONS_CHANGED, listMyInvitations } from "../api/invitations";
import { useAuth } from "../auth/AuthContext";
import { Link, useLocation } from "../lib/router";
import { matchRoute, paths } from "../lib/routes";
import "../styles/threads.css";
import { NotificationBell } from "./NotificationBell";
import { ProjectNav } from "./ProjectNav";

export function Header() {
  const { user, logout } = useAuth();
  const [busy, setBusy] = useState(false);
  const route = matchRoute(useLocation().pathname);
  const projectId = "projectId" in route ? route.projectId : null;
  const pending = usePendingInvitations(Boolean(user), route.name);
  const managesSomeone = useManagesSomeone(Boolean(user && !user.is_staff));
  return (
    <header className="app-header">
      <Link to={paths.projects()} className="brand">
        <span className="brand-mark" aria-hidden="true" />
        labelplatform
      </Link>
      <nav className="header-nav">
        <Link to={paths.projects()}>Projects</Link>
        {user && (
          <Link to={paths.invitations()} data-testid="header-invitations">
            Invitations
            {pending > 0 && (
              <span className="badge badge-role" title={`${pending} pending`} data-testid="invitations-badge">
                {pending}
              </span>
            )}
          </Link>
        )}
        {user && (user.is_staff || managesSomeone) && (
          <Link to={paths.people()} data-testid="header-people">
            People
          </Link>
        )}
        {projectId !== null && user && <ProjectNav key={projectId} projectId={projectId} route={route.name} isStaff={user.is_staff} />}
      </nav>
      <div className="header-user">
        {user && (
          <>
            <NotificationBell />
            <Link to={paths.account()} className="user-name" data-testid="header-username"
              title={user.is_staff ? "staff · your account" : "your account"}>
              {user.username}
              {user.is_staff && <span className="badge badge-staff">staff</span>}
            </Link>
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

/** How many invitations wait for the user: read on page changes and after an answer. */
function usePendingInvitations(signedIn: boolean, page: string): number {
  const [count, setCount] = useState(0);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const again = () => setTick((t) => t + 1);
    window.addEventListener(INVITATIONS_CHANGED, again);
    return () => window.removeEventListener(INVITATIONS_CHANGED, again);
  }, []);
  useEffect(() => {
    if (!signedIn) return;
    const ctrl = new AbortController();
    listMyInvitations(ctrl.signal).then(
      (list) => setCount(list.length),
      () => undefined, // the badge is a hint: a failed read leaves it as it was
    );
    return () => ctrl.abort();
  }, [signedIn, page, tick]);
  return count;
}

/** Whether the people page has anyone for a non-staff user (the people of projects they manage): read once. */
function useManagesSomeone(ask: boolean): boolean {
  const [some, setSome] = useState(false);
  useEffect(() => {
    if (!ask) return;
    const ctrl = new AbortController();
    listPeople(ctrl.signal).then(
      (people) => setSome(people.length > 0),
      () => undefined, // a hint only: a failed read hides the link
    );
    return () => ctrl.abort();
  }, [ask]);
  return some;
}
