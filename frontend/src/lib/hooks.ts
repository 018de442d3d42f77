import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { isAbortError } from "../api/errors";

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (value: T) => void;
}

/** Run `load` when deps change (aborting the previous run); `reload()` runs it again. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    loadRef
      .current(ctrl.signal)
      .then((value) => {
        if (ctrl.signal.aborted) return;
        setData(value);
        setError(null);
      })
      .catch((err: unknown) => {
        if (ctrl.signal.aborted || isAbortError(err)) return;
        setError(err);
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [...deps, tick]); // `load` is read through the ref; callers list what it depends on.

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}

/** Call `fn` every `ms` while `active`; pauses while the tab is hidden. */
export function useInterval(fn: () => void, ms: number, active: boolean): void {
  const fnRef = useRef(fn);
  useLayoutEffect(() => {
    fnRef.current = fn;
  });
  useEffect(() => {
    if (!active) return;
    const id = window.setInterval(() => {
      if (document.visibilityState !== "hidden") fnRef.current();
    }, ms);
    return () => window.clearInterval(id);
  }, [ms, active]);
}

/** Call `reload` every `ms` while `active` (not while the tab is hidden) and whenever the window gets the focus back. */
export function usePolling(reload: () => void, ms: number, active: boolean): void {
  useInterval(reload, ms, active);
  useEffect(() => {
    if (!active) return;
    window.addEventListener("focus", reload);
    return () => window.removeEventListener("focus", reload);
  }, [reload, active]);
}
