import { type ImagePoint, type ScreenPoint, screenPoint } from "../core/geometry";
import type { KeyInput } from "../core/keymap";
import type { ProductiveTimeTracker } from "../core/timeTracker";
import type { PointerModifiers } from "../tools/tool";
import type { Viewport } from "../view/viewport";

/** The editor operations DOM input drives. */
export interface InputTarget {
  readonly viewport: Viewport;
  readonly timeTracker: ProductiveTimeTracker;
  pointerDown(p: ImagePoint, modifiers?: PointerModifiers): void;
  pointerMove(p: ImagePoint, modifiers?: PointerModifiers): void;
  pointerUp(p: ImagePoint): void;
  doubleClick(p: ImagePoint): void;
  secondaryClick(p: ImagePoint): void;
  cancel(): boolean;
  zoomBy(factor: number, anchor?: ScreenPoint): void;
  panBy(dx: number, dy: number): void;
  handleKey(input: KeyInput): boolean;
}

export interface InputOptions {
  /** Listen for shortcuts on window (default true); otherwise call editor.handleKey yourself. */
  readonly keyboard?: boolean;
}

/** Screen pixels a right-button press may move and still count as a click, not a pan. */
const CLICK_SLOP_PX = 4;

/** Input types that do not take typed characters: shortcuts still work while one has focus. */
const NON_TEXT_INPUTS = new Set(["range", "checkbox", "radio", "button", "submit", "reset", "color", "file", "image"]);

function isTextInput(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  return target.isContentEditable || ["TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * Pointer, wheel, pinch and key events to editor calls. Left button draws;
 * middle or right button, or space + drag, pans (a right-click that does not
 * move is a secondary click); wheel zooms at the cursor;
 * two touch pointers pinch-zoom and pan.
 */
export class InputController {
  private readonly pointers = new Map<number, ScreenPoint>();
  private panning: { id: number; last: ScreenPoint; start: ScreenPoint; button: number } | null = null;
  private drawingPointer: number | null = null;
  private spaceHeld = false;
  private readonly removers: (() => void)[] = [];

  constructor(
    private readonly element: HTMLElement,
    private readonly target: InputTarget,
    options: InputOptions = {},
  ) {
    this.listen(element, "pointerdown", (e: PointerEvent) => this.onPointerDown(e));
    this.listen(element, "pointermove", (e: PointerEvent) => this.onPointerMove(e));
    this.listen(element, "pointerup", (e: PointerEvent) => this.onPointerUp(e));
    this.listen(element, "pointercancel", (e: PointerEvent) => this.onPointerUp(e));
    this.listen(element, "dblclick", (e: MouseEvent) => this.target.doubleClick(this.imageAt(e)));
    this.listen(element, "wheel", (e: WheelEvent) => this.onWheel(e), { passive: false });
    this.listen(element, "contextmenu", (e: MouseEvent) => e.preventDefault());
    element.style.touchAction = "none";
    if (options.keyboard ?? true) {
      this.listen(window, "keydown", (e: KeyboardEvent) => this.onKeyDown(e));
      this.listen(window, "keyup", (e: KeyboardEvent) => {
        if (e.key === " ") this.spaceHeld = false;
      });
    }
    this.listen(document, "visibilitychange", () => target.timeTracker.setVisible(!document.hidden));
  }

  destroy(): void {
    for (const remove of this.removers) remove();
    this.removers.length = 0;
  }

  private listen<E extends Event>(on: EventTarget, type: string, handler: (e: E) => void, options?: AddEventListenerOptions): void {
    const listener = handler as EventListener;
    on.addEventListener(type, listener, options);
    this.removers.push(() => on.removeEventListener(type, listener, options));
  }

  private screenAt(e: MouseEvent): ScreenPoint {
    const box = this.element.getBoundingClientRect();
    return screenPoint(e.clientX - box.left, e.clientY - box.top);
  }

  private imageAt(e: MouseEvent): ImagePoint {
    return this.target.viewport.toImage(this.screenAt(e));
  }

  private onPointerDown(e: PointerEvent): void {
    this.target.timeTracker.recordInput();
    this.element.setPointerCapture(e.pointerId);
    this.pointers.set(e.pointerId, this.screenAt(e));
    if (this.pointers.size === 2) {
      // Second finger: this is a pinch, not a stroke.
      if (this.drawingPointer !== null) this.target.cancel();
      this.drawingPointer = null;
      return;
    }
    if (e.button === 1 || e.button === 2 || (e.button === 0 && this.spaceHeld)) {
      const at = this.screenAt(e);
      this.panning = { id: e.pointerId, last: at, start: at, button: e.button };
      return;
    }
    if (e.button !== 0) return;
    this.drawingPointer = e.pointerId;
    this.target.pointerDown(this.imageAt(e), { shift: e.shiftKey, alt: e.altKey });
  }

  private onPointerMove(e: PointerEvent): void {
    this.target.timeTracker.recordInput();
    const previous = this.pointers.get(e.pointerId);
    const current = this.screenAt(e);
    if (previous && this.pointers.size === 2) {
      this.pinch(e.pointerId, previous, current);
      return;
    }
    if (previous) this.pointers.set(e.pointerId, current);
    if (this.panning?.id === e.pointerId) {
      this.target.panBy(current.x - this.panning.last.x, current.y - this.panning.last.y);
      this.panning.last = current;
      return;
    }
    // Coalesced events keep fast freehand paths faithful; the brush interpolates between them anyway.
    const events = e.pointerId === this.drawingPointer && e.getCoalescedEvents ? e.getCoalescedEvents() : [];
    for (const sub of events.length > 0 ? events : [e]) this.target.pointerMove(this.imageAt(sub), { shift: e.shiftKey, alt: e.altKey });
  }

  private onPointerUp(e: PointerEvent): void {
    this.pointers.delete(e.pointerId);
    const panning = this.panning;
    if (panning?.id === e.pointerId) {
      this.panning = null;
      const at = this.screenAt(e);
      const still = Math.hypot(at.x - panning.start.x, at.y - panning.start.y) <= CLICK_SLOP_PX;
      if (panning.button === 2 && still && e.type === "pointerup") this.target.secondaryClick(this.imageAt(e));
    }
    if (this.drawingPointer === e.pointerId) {
      this.drawingPointer = null;
      this.target.timeTracker.recordInput();
      if (e.type === "pointercancel") this.target.cancel();
      else this.target.pointerUp(this.imageAt(e));
    }
  }

  private pinch(movedId: number, previous: ScreenPoint, current: ScreenPoint): void {
    const other = [...this.pointers].find(([id]) => id !== movedId)?.[1];
    this.pointers.set(movedId, current);
    if (!other) return;
    const before = Math.hypot(previous.x - other.x, previous.y - other.y);
    const after = Math.hypot(current.x - other.x, current.y - other.y);
    const mid = screenPoint((current.x + other.x) / 2, (current.y + other.y) / 2);
    this.target.panBy((current.x - previous.x) / 2, (current.y - previous.y) / 2);
    if (before > 0) this.target.zoomBy(after / before, mid);
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    this.target.timeTracker.recordInput();
    // Trackpad pinch arrives as ctrl+wheel with small deltas.
    const speed = e.ctrlKey ? 0.01 : 0.0015;
    const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    this.target.zoomBy(Math.exp(-delta * speed), this.screenAt(e));
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (isTextInput(e.target)) return;
    if (e.key === " ") {
      this.spaceHeld = true;
      e.preventDefault();
      return;
    }
    if (this.target.handleKey(e)) e.preventDefault();
  }
}
