import { memo, useEffect, useRef, useState } from "react";
import { assetThumbnailUrl } from "../api/assets";
import { confidenceColor, confidenceText } from "./confidence";
import { type TimelineCell, timelineCounts } from "./timeline";

const KIND_TEXT: Record<TimelineCell["kind"], string> = {
  labeled: "labeled",
  draft: "draft saved",
  propagated: "propagated",
  empty: "not labeled",
  unknown: "loading…",
};

function cellTitle(cell: TimelineCell, position: number): string {
  const what = cell.kind === "propagated" && cell.score !== null ? `propagated, ${confidenceText(cell.score)}` : KIND_TEXT[cell.kind];
  return `Frame ${position + 1}: ${what}`;
}

/** A thumbnail that loads only when scrolled into view; a frame number stands in until (or if) there is none. */
const Thumb = memo(function Thumb({ asset, ready }: { asset: number; ready: boolean }) {
  const [failed, setFailed] = useState(false);
  if (failed || !ready) return <span className="tl-thumb tl-thumb-missing" />;
  return <img className="tl-thumb" src={assetThumbnailUrl(asset)} alt="" loading="lazy" decoding="async" onError={() => setFailed(true)} />;
});

/** One frame of the strip; its props are plain values, so a frame switch re-renders only the two cells that changed. */
const Cell = memo(function Cell(props: TimelineCell & { position: number; ready: boolean; onSelect(position: number): void }) {
  const { position, kind, score, level, current, asset, ready, onSelect } = props;
  return (
    <li>
      <button
        type="button"
        className={`tl-cell${current ? " current" : ""}${level === "low" ? " low" : ""}`}
        data-testid="timeline-frame"
        data-position={position}
        data-kind={kind}
        data-level={level ?? ""}
        aria-current={current ? "true" : undefined}
        title={cellTitle(props, position)}
        onClick={() => onSelect(position)}
      >
        <Thumb asset={asset} ready={ready} />
        <span className="tl-number">{position + 1}</span>
        <span className={`tl-mark tl-${kind}`} style={kind === "propagated" && score !== null ? { background: confidenceColor(score) } : undefined} />
        {level === "low" && <span className="tl-warn" aria-hidden="true">!</span>}
      </button>
    </li>
  );
});

/**
 * The frames of the sequence in a strip: thumbnail, a mark for labeled frames,
 * and propagated frames coloured by confidence (low ones flagged with "!").
 */
export function Timeline({ cells, thumbnails, onSelect }: {
  cells: readonly TimelineCell[];
  /** Per position: whether the thumbnail job made the frame's thumbnail yet. */
  thumbnails: readonly boolean[];
  onSelect(position: number): void;
}) {
  const strip = useRef<HTMLOListElement>(null);
  const current = cells.findIndex((c) => c.current);
  const counts = timelineCounts(cells);

  useEffect(() => {
    // After the frame is painted: scrolling reads layout, which must not delay showing the frame.
    const timer = window.setTimeout(() => {
      const el = strip.current?.children[current] as HTMLElement | undefined;
      el?.scrollIntoView({ block: "nearest", inline: "nearest" });
    }, 50);
    return () => window.clearTimeout(timer);
  }, [current]);

  return (
    <section className="sequence-timeline" aria-label="Timeline" data-testid="timeline">
      <div className="tl-legend small">
        <span><i className="tl-key tl-labeled" /> labeled {counts.labeled}</span>
        {counts.draft > 0 && <span><i className="tl-key tl-draft" /> draft {counts.draft}</span>}
        <span><i className="tl-key tl-propagated" style={{ background: "linear-gradient(90deg, hsl(0,75%,42%), hsl(60,75%,42%), hsl(120,75%,38%))" }} /> propagated {counts.propagated}</span>
        {counts.low > 0 && <span className="tl-low-count" data-testid="timeline-low-count">! {counts.low} low confidence</span>}
        {counts.unknown > 0 && <span className="muted">reading {counts.unknown} frames…</span>}
      </div>
      <ol className="tl-strip" ref={strip}>
        {cells.map((cell, position) => (
          <Cell key={cell.index} {...cell} position={position} ready={thumbnails[position] ?? true} onSelect={onSelect} />
        ))}
      </ol>
    </section>
  );
}
