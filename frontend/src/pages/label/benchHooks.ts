// Timing hooks for bench/editor/run.py, present only with ?bench=1 in the URL.
import type { Editor } from "../../editor";

export interface LabelBench {
  /** performance.now() at named moments (loadStart, interactive). */
  marks: Record<string, number>;
  /** Milliseconds toLabelBody() takes, and how many objects it encoded. */
  encode(): { ms: number; objects: number };
  editor: Editor | null;
}

declare global {
  interface Window {
    __labelBench?: LabelBench;
  }
}

/** The page was opened with ?bench=1 (the bench scripts do). */
export function benchEnabled(): boolean {
  return typeof window !== "undefined" && new URLSearchParams(window.location.search).get("bench") === "1";
}

function bench(): LabelBench | null {
  if (!benchEnabled()) return null;
  window.__labelBench ??= {
    marks: {},
    editor: null,
    encode() {
      const editor = this.editor;
      if (!editor) throw new Error("no editor yet");
      const t0 = performance.now();
      const body = editor.toLabelBody();
      return { ms: performance.now() - t0, objects: body.objects.length };
    },
  };
  return window.__labelBench;
}

export function benchMark(name: string): void {
  const b = bench();
  if (b) b.marks[name] = performance.now();
}

/** Marks "interactive" after the first frame that shows the loaded editor. */
export function benchEditorReady(editor: Editor): void {
  const b = bench();
  if (!b) return;
  b.editor = editor;
  requestAnimationFrame(() => requestAnimationFrame(() => benchMark("interactive")));
}
