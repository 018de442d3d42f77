// The threads of the image shown, for drawing their pins on it: which pin is open, and picking a point for a new
// thread. The editor, the review page and the image page share it (each maps its own clicks to image pixels).
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Thread } from "../../api/discussions";
import type { ImagePoint } from "./ThreadsPanel";
import { pinnedThreads } from "./threadText";

export interface ThreadPins {
  /** Threads pinned at a point, numbered in this order (as in the panel). */
  readonly pinned: readonly Thread[];
  /** The thread whose pin was clicked: its card is open on the image. */
  readonly selected: number | null;
  select(threadId: number | null): void;
  readonly picking: boolean;
  setThreads(threads: readonly Thread[]): void;
  /** For the panel's "Pin a point": resolves with the next point given to finishPick (null: cancelled). */
  pickPoint(): Promise<ImagePoint | null>;
  /** The clicked image point, or null to cancel. */
  finishPick(point: ImagePoint | null): void;
}

export function useThreadPins(): ThreadPins {
  const [threads, setThreads] = useState<readonly Thread[]>([]);
  const [selected, select] = useState<number | null>(null);
  const [picking, setPicking] = useState(false);
  const resolver = useRef<((p: ImagePoint | null) => void) | null>(null);
  const pickPoint = useCallback(() => {
    resolver.current?.(null);
    select(null);
    setPicking(true);
    return new Promise<ImagePoint | null>((resolve) => {
      resolver.current = resolve;
    });
  }, []);
  const finishPick = useCallback((point: ImagePoint | null) => {
    setPicking(false);
    resolver.current?.(point);
    resolver.current = null;
  }, []);
  // Escape cancels a pick, and closes an open pin's card.
  useEffect(() => {
    if (!picking && selected === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      if (picking) finishPick(null);
      else select(null);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [picking, selected, finishPick]);
  const pinned = useMemo(() => pinnedThreads(threads), [threads]);
  return { pinned, selected, select, picking, setThreads, pickPoint, finishPick };
}
