/**
 * Frames of a sequence, loaded once and kept close: decoded bitmaps in a small
 * LRU (a long video never sits whole in memory), each frame's label and
 * predictions cached until a save or a propagation changes them, and the
 * neighbours of the shown frame fetched ahead so switching is a cache hit.
 * Free of React and the DOM: the fetchers are injected (tests pass fakes).
 */
import { LruCache } from "../lib/lru";
import { prefetchOrder } from "./timeline";

/** Anything with an optional close() (ImageBitmap). */
export interface Closable {
  close?(): void;
}

export interface FrameFetchers<I extends Closable, C> {
  image(asset: number): Promise<I>;
  content(asset: number): Promise<C>;
}

export interface FrameStoreOptions {
  /** Decoded frames kept; a few more than 2 * radius + 1 so the window around the shown frame fits. */
  readonly bitmaps?: number;
  /** Frames fetched ahead on each side of the shown one. */
  readonly radius?: number;
}

export const DEFAULT_BITMAPS = 12;
export const DEFAULT_RADIUS = 3;

export class FrameStore<I extends Closable, C> {
  private readonly images: LruCache<number, I>;
  private readonly pendingImages = new Map<number, Promise<I>>();
  private readonly contents = new Map<number, Promise<C>>();
  private readonly settled = new Map<number, C>();
  private displayed: number | null = null;
  readonly radius: number;

  constructor(
    private readonly assets: readonly number[],
    private readonly fetchers: FrameFetchers<I, C>,
    options: FrameStoreOptions = {},
    private readonly onContent: (index: number, content: C) => void = () => undefined,
  ) {
    this.radius = options.radius ?? DEFAULT_RADIUS;
    this.images = new LruCache<number, I>(
      Math.max(options.bitmaps ?? DEFAULT_BITMAPS, 1),
      (_, image) => image.close?.(),
      (index) => index === this.displayed, // never close the bitmap on screen
    );
  }

  get count(): number {
    return this.assets.length;
  }

  /** The frame's decoded image, from the cache when there. */
  image(index: number): Promise<I> {
    this.check(index);
    const cached = this.images.get(index);
    if (cached !== undefined) return Promise.resolve(cached);
    let pending = this.pendingImages.get(index);
    if (!pending) {
      pending = this.fetchers.image(this.assets[index]).then(
        (image) => {
          this.pendingImages.delete(index);
          this.images.set(index, image);
          return image;
        },
        (error: unknown) => {
          this.pendingImages.delete(index);
          throw error;
        },
      );
      this.pendingImages.set(index, pending);
    }
    return pending;
  }

  /** The frame's label and predictions, from the cache when there. */
  content(index: number): Promise<C> {
    this.check(index);
    let pending = this.contents.get(index);
    if (!pending) {
      pending = this.fetchers.content(this.assets[index]);
      this.contents.set(index, pending);
      pending.then(
        (content) => {
          if (this.contents.get(index) !== pending) return; // invalidated meanwhile
          this.settled.set(index, content);
          this.onContent(index, content);
        },
        () => {
          if (this.contents.get(index) === pending) this.contents.delete(index);
        },
      );
    }
    return pending;
  }

  /** Content already loaded (no waiting); undefined when not yet. */
  loaded(index: number): C | undefined {
    return this.settled.get(index);
  }

  /** Image and content when both are cached (a switch then needs no waiting); null otherwise. */
  ready(index: number): { image: I; content: C } | null {
    this.check(index);
    const image = this.images.has(index) ? this.images.get(index) : undefined;
    const content = this.settled.get(index);
    return image !== undefined && content !== undefined ? { image, content } : null;
  }

  /** Image and content together. */
  async frame(index: number): Promise<{ image: I; content: C }> {
    const [image, content] = await Promise.all([this.image(index), this.content(index)]);
    return { image, content };
  }

  /** The frame now on screen: its bitmap is never evicted; its neighbours are fetched ahead. */
  show(index: number, direction: 1 | -1 = 1): void {
    this.check(index);
    this.displayed = index;
    this.images.get(index); // most recently used
    for (const neighbour of prefetchOrder(index, this.count, this.radius, direction)) {
      this.image(neighbour).catch(() => undefined); // a failed prefetch is retried when the frame is opened
      this.content(neighbour).catch(() => undefined);
    }
  }

  /** Replace a frame's content after a save (no refetch). */
  put(index: number, content: C): void {
    this.check(index);
    const resolved = Promise.resolve(content);
    this.contents.set(index, resolved);
    this.settled.set(index, content);
    this.onContent(index, content);
  }

  /** Forget the content of these frames (a propagation wrote predictions on them); the next read refetches. */
  invalidate(indices: Iterable<number>): void {
    for (const index of indices) {
      this.contents.delete(index);
      this.settled.delete(index);
    }
  }

  /** Indices whose decoded image is held (least recently used first). */
  cachedImages(): number[] {
    return this.images.keys();
  }

  dispose(): void {
    this.displayed = null;
    this.images.clear();
  }

  private check(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.assets.length) throw new RangeError(`no frame ${index}`);
  }
}
