import { MAX_OBJECT_INDEX } from "./labelMap";

export type ClassId = number;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonRecord = { [key: string]: JsonValue };

/** A class of the project's ontology, as the editor needs it. */
export interface OntologyClass {
  readonly id: ClassId;
  readonly name: string;
  /** CSS hex colour, "#rrggbb". */
  readonly color: string;
  readonly kind?: "thing" | "stuff";
}

/** One object of the label: its pixels are the label-map pixels holding `index`. */
export interface LabelObject {
  readonly index: number;
  readonly classId: ClassId;
  readonly attributes: JsonRecord;
  readonly hidden: boolean;
  /** Id the server gave the object, when it was loaded from a saved label. */
  readonly serverId?: number;
  /** On a sequence frame: the object's identity across frames, kept as loaded and sent back on save. */
  readonly track?: number;
}

/**
 * The objects of one image in display order (first = drawn first). Plain
 * mutable model; undo is handled by the commands in objectCommands.ts.
 */
export class ObjectList {
  private items: LabelObject[] = [];
  private nextIndex = 1;

  all(): readonly LabelObject[] {
    return this.items;
  }

  get size(): number {
    return this.items.length;
  }

  get(index: number): LabelObject | undefined {
    return this.items.find((o) => o.index === index);
  }

  has(index: number): boolean {
    return this.positionOf(index) >= 0;
  }

  positionOf(index: number): number {
    return this.items.findIndex((o) => o.index === index);
  }

  /** A fresh label-map index; indices are never reused until the list is reset. */
  allocateIndex(): number {
    if (this.nextIndex > MAX_OBJECT_INDEX) throw new Error(`an image holds at most ${MAX_OBJECT_INDEX} objects`);
    return this.nextIndex++;
  }

  insert(object: LabelObject, position = this.items.length): void {
    if (this.has(object.index)) throw new Error(`object ${object.index} already exists`);
    this.items.splice(Math.max(0, Math.min(position, this.items.length)), 0, object);
    this.nextIndex = Math.max(this.nextIndex, object.index + 1);
  }

  /** Removes the object; returns it and the position it had. */
  remove(index: number): { object: LabelObject; position: number } | null {
    const position = this.positionOf(index);
    if (position < 0) return null;
    const [object] = this.items.splice(position, 1);
    return { object, position };
  }

  update(index: number, change: Partial<Omit<LabelObject, "index">>): LabelObject | null {
    const position = this.positionOf(index);
    if (position < 0) return null;
    const updated = { ...this.items[position], ...change };
    this.items[position] = updated;
    return updated;
  }

  move(index: number, toPosition: number): void {
    const removed = this.remove(index);
    if (removed) this.items.splice(Math.max(0, Math.min(toPosition, this.items.length)), 0, removed.object);
  }

  reset(): void {
    this.items = [];
    this.nextIndex = 1;
  }
}
