// Hooks for bench/editor/frames.py, present only with ?bench=1 in the URL: the session, to time frame switches.
import { benchEnabled } from "../pages/label/benchHooks";
import type { SequenceSession } from "./sequenceSession";

declare global {
  interface Window {
    __sequenceBench?: { session: SequenceSession | null; readyAt: number | null };
  }
}

export function benchSequenceReady(session: SequenceSession): void {
  if (!benchEnabled()) return;
  window.__sequenceBench = { session, readyAt: performance.now() };
}
