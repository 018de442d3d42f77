import type { ZoomState } from "../../editor";

/** The zoom level over the stage's corner; its data attributes tell browser tests where image pixel (0, 0) is. */
export function ZoomBadge({ zoom, ready = true, position }: { zoom: ZoomState; ready?: boolean; position?: number }) {
  return (
    <div
      className="label-zoom-state"
      data-testid="label-zoom"
      data-scale={zoom.scale}
      data-offset-x={zoom.offsetX}
      data-offset-y={zoom.offsetY}
      data-ready={ready ? "true" : "false"}
      data-position={position}
    >
      {Math.round(zoom.scale * 100)}%
    </div>
  );
}
