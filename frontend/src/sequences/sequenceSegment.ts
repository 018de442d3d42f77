/**
 * The sequence editor's auto-segment: the label page's useSegment answers the tool's requests for the shown
 * frame's asset (its embedding, its browser decoder), except the clicks the correction path takes
 * (correction.ts: a click while the selected object has pixels on the frame). Those requests and the hovers
 * that would become them never reach useSegment, so one click gets one answer.
 */
import { useMemo } from "react";
import type { Editor, SegmentHover } from "../editor";
import { type SegmentHandle, useSegment } from "../pages/label/useSegment";

/** Whether a click of the auto-segment tool now is a correction: a selected object with pixels on the frame. */
export function correctionTakesClicks(editor: Editor): boolean {
  const object = editor.selectedObject;
  return editor.tool === "segment" && object !== 0 && editor.labelMap.includes(object);
}

/** Whether prompts `body` (a request or a hover) are the correction's: clicks only (correction.ts skips boxes and scribbles). */
export function takenByCorrection(editor: Editor, body: SegmentHover): boolean {
  return body.box === null && (body.scribbles?.length ?? 0) === 0 && correctionTakesClicks(editor);
}

/**
 * `editor` as useSegment sees it: segmentRequest and segmentHover events for which `skip` holds are not
 * delivered; everything else is the editor itself (methods bound to it, so its state is never shadowed).
 */
export function withoutSegmentEvents(editor: Editor, skip: (body: SegmentHover) => boolean): Editor {
  const on = ((event: string, listener: (payload: unknown) => void) => {
    if (event !== "segmentRequest" && event !== "segmentHover") return editor.on(event as "tool", listener);
    return editor.on(event, (body: SegmentHover) => {
      if (!skip(body)) listener(body);
    });
  }) as Editor["on"];
  return new Proxy(editor, {
    get(target, key) {
      if (key === "on") return on;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** useSegment for the shown frame's asset, leaving the correction's clicks to it. */
export function useSequenceSegment(editor: Editor, projectId: number, assetId: number): SegmentHandle {
  const view = useMemo(() => withoutSegmentEvents(editor, (body) => takenByCorrection(editor, body)), [editor]);
  return useSegment(view, projectId, assetId);
}
