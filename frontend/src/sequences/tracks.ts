/**
 * Track ids of the objects on the frame being edited. The editor engine knows
 * objects by label-map index; a track is the object's identity across frames.
 * A loaded object keeps the track it was saved (or propagated) with, an object
 * drawn on this frame gets a fresh id above every id the sequence has used,
 * and edits never change it (indices are stable while a frame is open).
 */
import type { Attribute, AttributeValue, OntologyClass } from "../api/types";
import { type JsonValue, type LabelBody, type LabelBodyObject, type LabelObject, toLabelBody } from "../editor";
import { type AnswerOntology, answersForOntology } from "../pages/label/attributeValues";

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

  /** Put the object on `track` (an existing track, or one from newTrack()). */
  assign(index: number, track: number): void {
    if (!Number.isInteger(track) || track < 1) throw new Error(`${track} is not a track id`);
    this.note([track]);
    this.byIndex.set(index, track);
  }

  /** An id no frame or track row of the sequence uses yet. */
  newTrack(): number {
    return this.fresh();
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

  /**
   * The REST label body of the label map with each object's track; objects without pixels are left out.
   * Only the answers `ontology` asks for now go (answersForOntology, as the labeling page saves): an answer
   * of an object's former class or of a removed question would make every save a 400 with nothing to clear.
   */
  labelBody(
    map: Uint16Array,
    width: number,
    height: number,
    objects: readonly LabelObject[],
    classifications: Readonly<Record<string, JsonValue>>,
    ontology: AnswerOntology,
  ): TrackedLabelBody {
    this.sync(objects);
    const tracked = objects.map((o) => ({ ...o, track: this.byIndex.get(o.index) }));
    const body = toLabelBody({ data: map, width, height }, tracked, classifications) as TrackedLabelBody; // sync gave each object a track
    // The editor's answers are JSON; the ones the ontology asks for are AttributeValues (the server checks them).
    type Answers = Record<string, AttributeValue>;
    const kept = answersForOntology(
      { objects: body.objects as (TrackedLabelBody["objects"][number] & { attributes: Answers })[], classifications: body.classifications as Answers },
      ontology,
    );
    return { ...body, objects: kept.objects, classifications: kept.classifications };
  }

  private fresh(): number {
    this.highest += 1;
    return this.highest;
  }
}

/** A track as GET sequences/{id}/tracks answers it. */
export interface TrackInfo {
  readonly track: number;
  readonly class: number | null;
  readonly name: string;
  readonly attributes: Record<string, AttributeValue>;
  readonly labeled_frames?: number;
  readonly first?: number | null;
  readonly last?: number | null;
}

/** One entry of the "track" menu: the sequence's tracks and the shown frame's, each once, by id. */
export interface TrackChoice {
  readonly track: number;
  readonly name: string;
  readonly class: number | null;
  /** Object indices of the shown frame on this track (two or more: saving is refused). */
  readonly objects: readonly number[];
  readonly info: TrackInfo | null;
}

/** The sequence's tracks (from the server) merged with the shown frame's objects (index -> track). */
export function trackChoices(known: readonly TrackInfo[], onFrame: readonly { index: number; track: number; classId: number }[]): TrackChoice[] {
  const out = new Map<number, TrackChoice>();
  for (const info of known) out.set(info.track, { track: info.track, name: info.name, class: info.class, objects: [], info });
  for (const { index, track, classId } of onFrame) {
    const seen = out.get(track);
    out.set(track, seen ? { ...seen, objects: [...seen.objects, index] } : { track, name: "", class: classId, objects: [index], info: null });
  }
  return [...out.values()].sort((a, b) => a.track - b.track);
}

/** Tracks held by more than one object of the frame: the server refuses such a label (one object per track on a frame). */
export function sharedTracks(choices: readonly TrackChoice[]): TrackChoice[] {
  return choices.filter((c) => c.objects.length > 1);
}

/** "Track 3", or "Track 3 · left bear" when named. */
export function trackTitle(choice: { track: number; name: string }): string {
  return choice.name ? `Track ${choice.track} · ${choice.name}` : `Track ${choice.track}`;
}

/** The frames a track spans on saved labels ("frames 2–9, 5 labeled"); empty when it is on none yet. */
export function trackSpan(info: TrackInfo | null): string {
  if (!info || info.first == null || info.last == null) return "not saved on a frame yet";
  const range = info.first === info.last ? `frame ${info.first + 1}` : `frames ${info.first + 1}–${info.last + 1}`;
  return `${range}, ${info.labeled_frames ?? 0} labeled`;
}

/** Answers kept from `values` that the class's fields define (a top-level name or a sub-question path under it). */
export function attributesFor(values: Readonly<Record<string, AttributeValue>>, fields: readonly Attribute[]): Record<string, AttributeValue> {
  const names = new Set(fields.map((f) => f.name));
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(values)) {
    if (names.has(key) || names.has(key.split("/")[0])) out[key] = value;
  }
  return out;
}

export interface TrackEdit {
  readonly name: string;
  readonly class: number | null;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/**
 * The PUT sequences/{id}/tracks/{track} body of an edit, with the API's rules
 * applied before it is sent: the class must be an active one, a track without
 * a class has no attributes, and only the class's own attributes go (answers
 * of the previous class are dropped when the class changes). `problems` are
 * what stops the edit here; the server checks the values again.
 */
export function trackBody(edit: TrackEdit, classes: readonly OntologyClass[]): { body: TrackEdit; problems: string[] } {
  const name = edit.name.trim();
  const problems: string[] = [];
  if (name.length > 200) problems.push("A track's name has at most 200 characters.");
  if (edit.class === null) return { body: { name, class: null, attributes: {} }, problems };
  const cls = classes.find((c) => c.id === edit.class && !c.archived);
  if (!cls) {
    problems.push(`Class ${edit.class} is not an active class of the ontology.`);
    return { body: { name, class: edit.class, attributes: {} }, problems };
  }
  return { body: { name, class: cls.id, attributes: attributesFor(edit.attributes, cls.attributes) }, problems };
}
