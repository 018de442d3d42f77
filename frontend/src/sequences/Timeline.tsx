import { memo, useEffect, useLayoutEffect, useRef, useState } from "react";
import { assetThumbnailUrl } from "../api/assets";
import { confidenceColor, confidenceText } from "./confidence";
import { type TimelineCell, scrollToCell, timelineCounts, visibleCells } from "./timeline";

/** Cell width plus the strip's gap until the first rendered cell is measured (styles/sequences.css). */
const DEFAULT_PITCH = 71;
const GAP = 3;

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
    <li data-cell="">
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
 * Only the cells in view (and a few either side) are in the page; spacers
 * stand in for the rest, so a 10,000-frame sequence scrolls and switches as
 * lightly as a short one.
 */
export function Timeline({ cells, thumbnails, onSelect }: {
  cells: readonly TimelineCell[];
  /** Per position: whether the thumbnail job made the frame's thumbnail yet. */
  thumbnails: readonly boolean[];
  onSelect(position: number): void;
}) {
  const strip = useRef<HTMLOListElement>(null);
  const [view, setView] = useState({ left: 0, width: 0, pitch: DEFAULT_PITCH });
  const current = cells.findIndex((c) => c.current);
  const counts = timelineCounts(cells);
  const count = cells.length;
  const { start, end } = visibleCells(view.left, view.width, view.pitch, count);

  // The viewport's width (and the cells' real pitch) as the layout gives them.
  useLayoutEffect(() => {
    const el = strip.current;
    if (!el) return;
    const measure = () => {
      const cell = el.querySelector<HTMLElement>("li[data-cell]");
      const pitch = cell ? cell.getBoundingClientRect().width + GAP : DEFAULT_PITCH;
      setView((v) => (v.width === el.clientWidth && v.pitch === pitch && v.left === el.scrollLeft ? v : { left: el.scrollLeft, width: el.clientWidth, pitch }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Scrolling moves the window once per animation frame.
  useEffect(() => {
    const el = strip.current;
    if (!el) return;
    let frame = 0;
    const onScroll = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setView((v) => (v.left === el.scrollLeft ? v : { ...v, left: el.scrollLeft }));
      });
    };
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      el.removeEventListener("scroll", onScroll);
      cancelAnimationFrame(frame);
    };
  }, []);

  useEffect(() => {
    // After the frame is painted: scrolling reads layout, which must not delay showing the frame.
    const timer = window.setTimeout(() => {
      const el = strip.current;
      if (!el || current < 0) return;
      const left = scrollToCell(current, el.scrollLeft, el.clientWidth, view.pitch, count);
      if (left !== null) el.scrollLeft = left;
    }, 50);
    return () => window.clearTimeout(timer);
  }, [current, count, view.pitch]);

  const before = start * view.pitch - (start > 0 ? GAP : 0);
  const after = (count - end) * view.pitch - (end < count ? GAP : 0);
  return (
    <section className="sequence-timeline" aria-label="Timeline" data-testid="timeline">
      <div className="tl-legend small">
        <span><i className="tl-key tl-labeled" /> labeled {counts.labeled}</span>
        {counts.draft > 0 && <span><i className="tl-key tl-draft" /> draft {counts.draft}</span>}
        <span><i className="tl-key tl-propagated" style={{ background: "linear-gradient(90deg, hsl(0,75%,42%), hsl(60,75%,42%), hsl(120,75%,38%))" }} /> propagated {counts.propagated}</span>
        {counts.low > 0 && <span className="tl-low-count" data-testid="timeline-low-count">! {counts.low} low confidence</span>}
        {counts.unknown > 0 && <span className="muted">reading {counts.unknown} frames…</span>}
      </div>
      <ol className="tl-strip" ref={strip} data-testid="timeline-strip" data-rendered={end - start}>
        {start > 0 && <li className="tl-spacer" role="presentation" style={{ width: before }} />}
        {cells.slice(start, end).map((cell, i) => (
          <Cell key={cell.index} {...cell} position={start + i} ready={thumbnails[start + i] ?? true} onSelect={onSelect} />
        ))}
        {end < count && <li className="tl-spacer" role="presentation" style={{ width: after }} />}
      </ol>
    </section>
  );
}
