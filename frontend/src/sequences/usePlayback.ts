// Playback: step through the frames at the sequence's frame rate; each step waits for its frame (never skips ahead of loading).
import { useCallback, useEffect, useState } from "react";
import type { SequenceSession } from "./sequenceSession";

export const DEFAULT_FPS = 10;

export function usePlayback(session: SequenceSession, fps: number): { playing: boolean; toggle(): void; stop(): void } {
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    if (!playing) return;
    let stopped = false;
    let timer = 0;
    const interval = 1000 / Math.max(1, fps);
    const step = async () => {
      const started = performance.now();
      const next = session.position + 1;
      if (next >= session.sequence.frames.length) {
        setPlaying(false);
        return;
      }
      try {
        await session.go(next, 1);
      } catch {
        setPlaying(false);
        return;
      }
      if (!stopped) timer = window.setTimeout(() => void step(), Math.max(0, interval - (performance.now() - started)));
    };
    timer = window.setTimeout(() => void step(), interval);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [playing, session, fps]);
  const toggle = useCallback(() => setPlaying((p) => !p && session.position < session.sequence.frames.length - 1), [session]);
  const stop = useCallback(() => setPlaying(false), []);
  return { playing, toggle, stop };
}
