import { useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent, type ReactNode } from "react";
import type { Rle } from "../../api/types";
import type { Pin } from "../../api/workflowTypes";
import { buildLabelMap, paintOverlay, type Rgb } from "./maskOverlay";
import { clientToImage, fitSize, type ImagePoint } from "./pinGeometry";
import { PinOverlay } from "./PinOverlay";

export type Zoom = "fit" | number;

interface Props {
  imageUrl: string;
  width: number;
  height: number;
  masks: readonly Rle[];
  /** Per mask: colour, or null when hidden. */
  colors: readonly (Rgb | null)[];
  opacity: number;
  highlight: number;
  zoom: Zoom;
  pins: readonly Pin[];
  earlierPins: readonly Pin[];
  selectedPin: number | null;
  onSelectPin: (index: number) => void;
  /** A click on the image; pins are placed here. Absent: clicks do nothing. */
  onImageClick?: (point: ImagePoint) => void;
  /** More over the image (pinned comment threads), given the width the image is drawn at. */
  overlay?: (displayWidth: number) => ReactNode;
}

/** The image with the label's masks over it and the review's pins; clicks give image pixels. */
export function ReviewCanvas(props: Props) {
  const { imageUrl, width, height, masks, colors, opacity, highlight, zoom, onImageClick } = props;
  const stageRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [box, setBox] = useState({ width: 0, height: 0 });
  const [imageError, setImageError] = useState(false);

  useLayoutEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const measure = () => setBox({ width: stage.clientWidth - 16, height: stage.clientHeight - 16 });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(stage);
    return () => observer.disconnect();
  }, []);

  // Decoding is the slow part: once per label; repainting for opacity or visibility reuses the map.
  const labelMap = useMemo(() => buildLabelMap(masks, width, height), [masks, width, height]);
  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const pixels = paintOverlay(labelMap, width, height, { colors, opacity, highlight });
    ctx.putImageData(new ImageData(pixels, width, height), 0, 0);
  }, [labelMap, width, height, colors, opacity, highlight]);

  const shown = zoom === "fit" ? fitSize(width, height, box.width, box.height, 4) : { width: Math.round(width * zoom), height: Math.round(height * zoom), scale: zoom };

  const click = (e: MouseEvent<HTMLDivElement>) => {
    if (!onImageClick) return;
    const point = clientToImage(e.clientX, e.clientY, e.currentTarget.getBoundingClientRect(), width, height);
    if (point) onImageClick(point);
  };

  return (
    <div className={`review-stage${zoom === "fit" ? " review-stage-fit" : ""}`} ref={stageRef}>
      {imageError && <div className="review-image-error">The image could not be loaded.</div>}
      <div
        className={`review-frame${onImageClick ? " review-frame-pinning" : ""}`}
        style={{ width: shown.width, height: shown.height }}
        data-testid="review-frame"
        onClick={click}
      >
        <img
          src={imageUrl}
          alt=""
          draggable={false}
          data-testid="review-image"
          onError={() => setImageError(true)}
          onLoad={() => setImageError(false)}
        />
        <canvas ref={canvasRef} width={width} height={height} className="review-masks" data-testid="review-masks" />
        <PinOverlay pins={props.earlierPins} width={width} height={height} displayWidth={shown.width} variant="earlier" />
        <PinOverlay
          pins={props.pins}
          width={width}
          height={height}
          displayWidth={shown.width}
          selected={props.selectedPin}
          onSelect={props.onSelectPin}
        />
        {props.overlay?.(shown.width)}
      </div>
    </div>
  );
}
