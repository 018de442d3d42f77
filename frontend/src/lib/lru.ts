/**
 * A small least-recently-used cache (SAM embeddings and decoder runs, a
 * sequence's decoded frames). The sequence editor keeps frame bitmaps in one: switching to a neighbour must not decode again, but a long
 * video must not hold every frame in memory. `onEvict` frees what falls out
 * (ImageBitmap.close) unless `keep` says the value is still on screen.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(
    readonly capacity: number,
    private readonly onEvict: (key: K, value: V) => void = () => undefined,
    private readonly keep: (key: K, value: V) => boolean = () => false,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The value, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Store as most recently used; evicts the least recently used beyond capacity (kept ones are skipped). */
  set(key: K, value: V): void {
    const previous = this.entries.get(key);
    this.entries.delete(key);
    this.entries.set(key, value);
    if (previous !== undefined && previous !== value) this.onEvict(key, previous);
    this.trim();
  }

  delete(key: K): boolean {
    if (!this.entries.has(key)) return false;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.onEvict(key, value);
    return true;
  }

  /** Keys from least to most recently used. */
  keys(): K[] {
    return [...this.entries.keys()];
  }

  clear(): void {
    for (const [key, value] of [...this.entries]) {
      this.entries.delete(key);
      this.onEvict(key, value);
    }
  }

  private trim(): void {
    if (this.entries.size <= this.capacity) return;
    for (const [key, value] of [...this.entries]) {
      if (this.entries.size <= this.capacity) return;
      if (this.keep(key, value)) continue;
      this.entries.delete(key);
      this.onEvict(key, value);
    }
  }
}
