// The review page's one keydown listener: the key's action if it is enabled now, else nothing.
import { useEffect, useLayoutEffect, useRef } from "react";
import { reviewKeyAction, type ReviewAction } from "./reviewShortcuts";

export interface ShortcutTarget<A extends string = ReviewAction> {
  /** The actions enabled at the moment of the key press. */
  enabled(): ReadonlySet<A>;
  run(action: A): void;
}

/** Listens on window while the page is mounted (removed on unmount); reads the latest target through a ref. */
export function useReviewShortcuts(target: ShortcutTarget): void {
  useShortcuts(target, reviewKeyAction);
}

/** The same listener for another key map of the page (`keyAction`: which action a key press asks for). */
export function useShortcuts<A extends string>(
  target: ShortcutTarget<A>,
  keyAction: (event: KeyboardEvent, enabled: ReadonlySet<A>) => A | null,
): void {
  const latest = useRef(target);
  useLayoutEffect(() => {
    latest.current = target;
  });
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const action = keyAction(e, latest.current.enabled());
      if (!action) return;
      e.preventDefault(); // R focuses the comment box: its "r" must not land there
      latest.current.run(action);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [keyAction]);
}
