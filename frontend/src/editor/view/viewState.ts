import type { ClassId } from "../core/objectList";
import type { Solo } from "./overlayStyle";

/** How the mask overlay is shown. View state only: never recorded in undo. */
export interface ViewState {
  /** Mask overlay opacity, 0..1. */
  readonly opacity: number;
  readonly outlineOnly: boolean;
  readonly hiddenClasses: ReadonlySet<ClassId>;
  readonly solo: Solo;
  /** Objects drawn as outlines only (low-confidence pre-labels), whatever outlineOnly says. */
  readonly outlined: ReadonlySet<number>;
}

export const DEFAULT_VIEW_STATE: ViewState = { opacity: 0.5, outlineOnly: false, hiddenClasses: new Set(), solo: null, outlined: new Set() };
