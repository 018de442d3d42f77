import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { fetchSession, logout as apiLogout } from "../api/auth";
import { setUnauthenticatedHandler } from "../api/client";
import { ApiError } from "../api/errors";
import type { User } from "../api/types";
import { navigate } from "../lib/router";
import { paths } from "../lib/routes";

interface AuthValue {
  /** undefined while the first /auth/me is in flight; null when logged out. */
  user: User | null | undefined;
  /** Set when /auth/me failed for a reason other than "not logged in". */
  error: unknown;
  setUser: (user: User | null) => void;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

function currentPath(): string {
  return window.location.pathname + window.location.search;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    // auth/session, not auth/me: signed out is an expected state, and a 401 would be a console error.
    fetchSession(ctrl.signal)
      .then((u) => setUser(u))
      .catch((err: unknown) => {
        if (ctrl.signal.aborted) return;
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) setUser(null);
        else {
          setError(err);
          setUser(null);
        }
      });
    return () => ctrl.abort();
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setUser(null);
      if (!window.location.pathname.startsWith("/login")) navigate(paths.login(currentPath()), { replace: true });
    });
    return () => setUnauthenticatedHandler(null);
  }, []);

  const logout = useCallback(async () => {
    try {
      await apiLogout();
    } finally {
      setUser(null);
      navigate(paths.login());
    }
  }, []);

  const value = useMemo(() => ({ user, error, setUser, logout }), [user, error, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}
