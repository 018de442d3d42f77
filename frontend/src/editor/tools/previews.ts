import type { ImagePoint } from "../core/geometry";
import type { ProposalsPreview } from "./proposalTool";
import type { SegmentPreview } from "./segmentTypes";

/** The brush or eraser cursor. */
export interface BrushPreview {
  readonly kind: "brush";
  readonly center: ImagePoint;
  readonly radius: number;
  readonly erasing: boolean;
}

/** The open pen or polygon path, and the pointer it would extend to. */
export interface PathPreview {
  readonly kind: "path";
  readonly points: readonly ImagePoint[];
  readonly hover: ImagePoint | null;
}

/**
 * What the interactive layer draws for the active tool: one variant per kind
 * of drawing (the renderer must know each), each defined beside its tool.
 */
export type ToolPreview = BrushPreview | PathPreview | SegmentPreview | ProposalsPreview | { readonly kind: "none" };
