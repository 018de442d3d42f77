// The review page's one keydown listener: the key's action if it is enabled now, else nothing.
import { useEffect, useLayoutEffect, useRef } from "react";
import { reviewKeyAction, type ReviewAction } from "./reviewShortcuts";

export interface ShortcutTarget {
  /** The actions enabled at the moment of the key press. */
  enabled(): ReadonlySet<ReviewAction>;
  run(action: ReviewAction): void;
}

/** Listens on window while the page is mounted (removed on unmount); reads the latest target through a ref. */
export function useReviewShortcuts(target: ShortcutTarget): void {
  const latest = useRef(target);
  useLayoutEffect(() => {
    latest.current = target;
  });
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const action = reviewKeyAction(e, latest.current.enabled());
      if (!action) return;
      e.preventDefault(); // R focuses the comment box: its "r" must not land there
      latest.current.run(action);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
