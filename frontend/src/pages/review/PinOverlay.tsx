import type { Pin } from "../../api/workflowTypes";
import { markerRadius } from "./pinGeometry";

interface Props {
  pins: readonly Pin[];
  /** Image size in pixels: pins are in these coordinates. */
  width: number;
  height: number;
  /** Width the image is drawn at on screen, to keep markers the same size at any zoom. */
  displayWidth: number;
  /** draft: the reviewer's new pins; earlier: a review's; thread: comment threads pinned at a point. */
  variant?: "draft" | "earlier" | "thread";
  /** Per pin, "resolved" draws it faded (comment threads). */
  statuses?: readonly string[];
  /** Numbers shown in the markers start here (1 by default). */
  firstNumber?: number;
  selected?: number | null;
  onSelect?: (index: number) => void;
}

/**
 * Numbered pin markers over an image box of any size: an SVG whose viewBox is the image, laid over it.
 * Reusable wherever an image is shown (review page, labeling page rework notes, pinned comment threads).
 */
export function PinOverlay({ pins, width, height, displayWidth, variant = "draft", firstNumber = 1, selected = null, onSelect, statuses }: Props) {
  const r = markerRadius(width, displayWidth);
  return (
    <svg
      className={`pin-overlay pin-overlay-${variant}`}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      aria-hidden={onSelect ? undefined : true}
    >
      {pins.map((p, i) => (
        <g
          key={i}
          className={`pin${selected === i ? " pin-selected" : ""}${statuses?.[i] === "resolved" ? " pin-resolved" : ""}`}
          data-testid="pin-marker"
          data-variant={variant}
          transform={`translate(${p.x} ${p.y})`}
          onClick={onSelect ? (e) => {
            e.stopPropagation();
            onSelect(i);
          } : undefined}
        >
          <title>{p.text || `pin ${firstNumber + i}`}</title>
          <circle r={r} strokeWidth={r * 0.22} />
          <text fontSize={r * 1.1} dy={r * 0.38} textAnchor="middle">
            {firstNumber + i}
          </text>
        </g>
      ))}
    </svg>
  );
}
