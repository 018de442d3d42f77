// The editor's side of comment threads: their pins on the stage, and picking a point for a new one.
import { useCallback, useMemo, useRef, useState } from "react";
import type { Thread } from "../../api/discussions";
import type { Pin } from "../../api/workflowTypes";
import type { ImagePoint } from "../../components/threads/ThreadsPanel";
import type { ZoomState } from "../../editor";

export interface ThreadPins {
  /** Open pinned threads in the order the panel numbers them. */
  readonly pins: readonly Pin[];
  readonly picking: boolean;
  setThreads(threads: readonly Thread[]): void;
  pickPoint(): Promise<ImagePoint | null>;
  /** The click on the picking layer (screen point relative to the stage), or null to cancel. */
  finishPick(screen: { x: number; y: number } | null, zoom: ZoomState, size: { width: number; height: number }): void;
}

export function useThreadPins(): ThreadPins {
  const [threads, setThreads] = useState<readonly Thread[]>([]);
  const [picking, setPicking] = useState(false);
  const resolver = useRef<((p: ImagePoint | null) => void) | null>(null);
  const pickPoint = useCallback(() => {
    resolver.current?.(null);
    setPicking(true);
    return new Promise<ImagePoint | null>((resolve) => {
      resolver.current = resolve;
    });
  }, []);
  const finishPick = useCallback((screen: { x: number; y: number } | null, zoom: ZoomState, size: { width: number; height: number }) => {
    setPicking(false);
    const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
    const point = screen && {
      x: clamp((screen.x - zoom.offsetX) / zoom.scale, size.width),
      y: clamp((screen.y - zoom.offsetY) / zoom.scale, size.height),
    };
    resolver.current?.(point);
    resolver.current = null;
  }, []);
  const pins = useMemo(
    () =>
      threads
        .filter((t) => t.x !== null && t.y !== null)
        .sort((a, b) => a.id - b.id)
        .map((t) => ({ x: t.x ?? 0, y: t.y ?? 0, text: t.status === "open" ? t.comments[0]?.body ?? "" : "" })),
    [threads],
  );
  return { pins, picking, setThreads, pickPoint, finishPick };
}
