/**
 * Track ids of the objects on the frame being edited. The editor engine knows
 * objects by label-map index; a track is the object's identity across frames.
 * A loaded object keeps the track it was saved (or propagated) with, an object
 * drawn on this frame gets a fresh id above every id the sequence has used,
 * and edits never change it (indices are stable while a frame is open).
 */
import { type JsonValue, type LabelBody, type LabelBodyObject, type LabelObject, toLabelBody } from "../editor";

/** The editor's label body with every object's track set. */
export interface TrackedLabelBody extends LabelBody {
  readonly objects: (LabelBodyObject & { readonly track: number })[];
}

export class TrackBook {
  private byIndex = new Map<number, number>();
  private highest = 0;

  /** `known`: track ids already used anywhere in the sequence. */
  constructor(known: Iterable<number> = []) {
    this.note(known);
  }

  /** Remember ids seen elsewhere (other frames, the sequence's track list) so new ones never collide. */
  note(ids: Iterable<number>): void {
    for (const id of ids) if (Number.isInteger(id) && id > this.highest) this.highest = id;
  }

  /** A frame was loaded: its objects get indices 1..n in order, each keeps its track (a missing or repeated one gets a new id). */
  load(objects: readonly { track?: number | null }[]): void {
    this.byIndex = new Map();
    this.note(objects.flatMap((o) => (typeof o.track === "number" ? [o.track] : [])));
    const used = new Set<number>();
    objects.forEach((o, position) => {
      const track = typeof o.track === "number" && Number.isInteger(o.track) && o.track > 0 && !used.has(o.track) ? o.track : this.fresh();
      used.add(track);
      this.byIndex.set(position + 1, track);
    });
  }

  /** Give every object without a track a new one; returns whether any was added. */
  sync(objects: readonly Pick<LabelObject, "index">[]): boolean {
    let added = false;
    for (const { index } of objects) {
      if (!this.byIndex.has(index)) {
        this.byIndex.set(index, this.fresh());
        added = true;
      }
    }
    return added;
  }

  trackOf(index: number): number | undefined {
    return this.byIndex.get(index);
  }

  /** Tracks of the frame's objects (for "propagate only these"). */
  tracksOf(objects: readonly Pick<LabelObject, "index">[]): number[] {
    return objects.flatMap((o) => {
      const t = this.byIndex.get(o.index);
      return t === undefined ? [] : [t];
    });
  }

  /** The REST label body of the label map with each object's track; objects without pixels are left out. */
  labelBody(
    map: Uint16Array,
    width: number,
    height: number,
    objects: readonly LabelObject[],
    classifications: Readonly<Record<string, JsonValue>>,
  ): TrackedLabelBody {
    this.sync(objects);
    const tracked = objects.map((o) => ({ ...o, track: this.byIndex.get(o.index) }));
    return toLabelBody({ data: map, width, height }, tracked, classifications) as TrackedLabelBody; // sync gave each object a track
  }

  private fresh(): number {
    this.highest += 1;
    return this.highest;
  }
}
