export type RequestFrame = (callback: () => void) => unknown;

/** Coalesces redraw requests: the callback runs at most once per animation frame. */
export class FrameScheduler {
  private pending = false;

  constructor(
    private readonly draw: () => void,
    private readonly requestFrame: RequestFrame,
  ) {}

  get isPending(): boolean {
    return this.pending;
  }

  request(): void {
    if (this.pending) return;
    this.pending = true;
    this.requestFrame(() => {
      this.pending = false;
      this.draw();
    });
  }
}
