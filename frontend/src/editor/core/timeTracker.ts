/** Input older than this no longer counts as working. */
export const IDLE_AFTER_MS = 60_000;

/**
 * Productive time: counts only time while the tab is visible and the last
 * input was at most 60 s ago. Pure; the clock is injected (ms).
 */
export class ProductiveTimeTracker {
  private totalMs = 0;
  private countedUntil: number;
  private activeUntil = -Infinity;
  private visible: boolean;
  private readonly idleAfterMs: number;

  constructor(
    private readonly now: () => number = () => Date.now(),
    options: { visible?: boolean; idleAfterMs?: number } = {},
  ) {
    this.countedUntil = now();
    this.visible = options.visible ?? true;
    this.idleAfterMs = options.idleAfterMs ?? IDLE_AFTER_MS;
  }

  /** Call on every pointer, key or wheel event. */
  recordInput(): void {
    const t = this.advance();
    this.activeUntil = t + this.idleAfterMs;
  }

  /** Call on visibilitychange with !document.hidden. */
  setVisible(visible: boolean): void {
    this.advance();
    this.visible = visible;
  }

  /** Productive milliseconds so far. */
  elapsedMs(): number {
    this.advance();
    return this.totalMs;
  }

  /** Whole seconds, as the label body's time_spent_s. */
  elapsedSeconds(): number {
    return Math.floor(this.elapsedMs() / 1000);
  }

  reset(): void {
    this.totalMs = 0;
    this.countedUntil = this.now();
    this.activeUntil = -Infinity;
  }

  private advance(): number {
    const t = this.now();
    if (this.visible) this.totalMs += Math.max(0, Math.min(t, this.activeUntil) - this.countedUntil);
    this.countedUntil = Math.max(this.countedUntil, t);
    return t;
  }
}
