import type { Thread } from "../../api/discussions";
import { ThreadItem } from "../../components/threads/ThreadItem";
import type { ThreadPins } from "../../components/threads/useThreadPins";
import { PinOverlay } from "./PinOverlay";

/**
 * The image's pinned comment threads, numbered where they were put, over an image box of any size (the editor's
 * stage, the review canvas, the image page). Clicking a pin opens its thread beside it: who, when, the comments.
 */
export function ThreadPinOverlay({ threadPins, width, height, displayWidth }: {
  threadPins: ThreadPins;
  /** Image size in pixels: pins are in these coordinates. */
  width: number;
  height: number;
  /** Width the image is drawn at on screen. */
  displayWidth: number;
}) {
  const { pinned, selected, select: onSelect } = threadPins;
  const pins = pinned.map((t) => ({ x: t.x ?? 0, y: t.y ?? 0, text: t.comments[0]?.body ?? "" }));
  const index = pinned.findIndex((t) => t.id === selected);
  const open = index >= 0 ? pinned[index] : null;
  return (
    <>
      <PinOverlay
        pins={pins}
        width={width}
        height={height}
        displayWidth={displayWidth}
        variant="thread"
        statuses={pinned.map((t) => t.status)}
        selected={index >= 0 ? index : null}
        onSelect={(i) => onSelect(pinned[i].id === selected ? null : pinned[i].id)}
      />
      {open && <ThreadPinCard thread={open} number={index + 1} width={width} height={height} onClose={() => onSelect(null)} />}
    </>
  );
}

/** The clicked pin's thread, beside the pin and turned towards the middle of the image so it stays inside. */
function ThreadPinCard({ thread, number, width, height, onClose }: { thread: Thread; number: number; width: number; height: number; onClose(): void }) {
  const x = ((thread.x ?? 0) / width) * 100;
  const y = ((thread.y ?? 0) / height) * 100;
  const place = {
    ...(x > 50 ? { right: `calc(${100 - x}% + 14px)` } : { left: `calc(${x}% + 14px)` }),
    ...(y > 50 ? { bottom: `calc(${100 - y}% - 10px)` } : { top: `calc(${y}% - 10px)` }),
  };
  return (
    // Clicks stay here: on the review page a click on the image would pin a note.
    <div
      className="thread-pin-card"
      style={place}
      data-testid="thread-pin-card"
      data-thread-id={thread.id}
      role="dialog"
      aria-label={`Comment pin ${number}`}
      onClick={(e) => e.stopPropagation()}
      onPointerDown={(e) => e.stopPropagation()}
    >
      <button type="button" className="btn btn-sm btn-ghost thread-pin-card-close" aria-label="Close" data-testid="thread-pin-card-close" onClick={onClose}>
        ×
      </button>
      <ul className="thread-list">
        <ThreadItem thread={thread} number={number} canWrite={false} names={[]} highlighted={false} onChanged={() => undefined} />
      </ul>
    </div>
  );
}
