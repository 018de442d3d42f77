import { useCallback, useEffect, useMemo, useState } from "react";
import type { Editor, LabelObject } from "../../editor";
import { loadThreshold, objectsBelow, saveThreshold, scoresByIndex } from "./prelabelConfidence";
import { type PrelabelOrigin, localStorageOrNull } from "./session";

export interface PrelabelConfidence {
  /** Score per object index (pre-labeled objects only; empty when the editor did not start from pre-labels). */
  readonly scores: ReadonlyMap<number, number>;
  readonly threshold: number;
  setThreshold(threshold: number): void;
  /** Keep the objects scored at or above the threshold, delete the rest as one undo step; how many went. */
  acceptAbove(): number;
}

/** `objects`: the editor's current objects (those under the threshold are drawn as outlines on the image). */
export function usePrelabelConfidence(editor: Editor, prelabel: PrelabelOrigin | undefined, objects: readonly LabelObject[]): PrelabelConfidence {
  const scores = useMemo(() => scoresByIndex(prelabel), [prelabel]);
  const [threshold, setStoredThreshold] = useState(() => loadThreshold(localStorageOrNull()));
  useEffect(() => editor.setOutlined(objectsBelow(objects, scores, threshold)), [editor, objects, scores, threshold]);
  const setThreshold = useCallback((value: number) => {
    setStoredThreshold(value);
    saveThreshold(localStorageOrNull(), value);
  }, []);
  const acceptAbove = useCallback(() => {
    const below = objectsBelow(editor.objects, scores, threshold);
    return below.length > 0 && editor.deleteObjects(below) ? below.length : 0;
  }, [editor, scores, threshold]);
  return { scores, threshold, setThreshold, acceptAbove };
}
