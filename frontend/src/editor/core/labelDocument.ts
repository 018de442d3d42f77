import { AddObjectCommand, type ChangeSink, PatchCommand, RecordValueCommand, RemoveObjectCommand, UpdateObjectCommand } from "./commands";
import { EditTransaction } from "./editTransaction";
import type { Rect } from "./geometry";
import { type Command, CompositeCommand, History, type OutsideEdit } from "./history";
import { LabelMap } from "./labelMap";
import { type ClassId, type JsonRecord, type JsonValue, type LabelObject, ObjectList } from "./objectList";
import type { PaintOp } from "./paintPolicy";
import { type Region, regionSpans } from "./region";

/** Fields of an object that an edit may replace. */
export interface ObjectChange {
  readonly classId?: ClassId;
  readonly attributes?: JsonRecord;
}

/** What an outside edit is counted as in the history's byte budget (its state lives with the caller). */
const OUTSIDE_EDIT_BYTES = 64;

export interface DocumentListener {
  /** Pixels inside rect changed (edit, undo, redo or load). */
  pixels?(rect: Rect): void;
  /** The object list or an object's fields changed. */
  objects?(): void;
  /** Classifications changed. */
  classifications?(): void;
  /** Something was recorded, undone or redone. */
  history?(): void;
}

/**
 * The label of one image: one label map, the object list, image-level
 * classifications and the undo history. Every edit goes through here as a command.
 */
export class LabelDocument {
  readonly map: LabelMap;
  readonly objects = new ObjectList();
  readonly history: History;
  private classificationValues: Record<string, JsonValue> = {};
  private readonly listener: DocumentListener;
  readonly sink: ChangeSink;

  constructor(width: number, height: number, options: { historyBytes?: number; listener?: DocumentListener } = {}) {
    this.map = new LabelMap(width, height);
    this.history = new History(options.historyBytes);
    this.listener = options.listener ?? {};
    this.sink = {
      pixelsChanged: (r) => this.listener.pixels?.(r),
      objectsChanged: () => this.listener.objects?.(),
    };
  }

  get classifications(): Readonly<Record<string, JsonValue>> {
    return this.classificationValues;
  }

  /** Apply and record a command. */
  execute(command: Command): void {
    command.redo();
    this.record(command);
  }

  /** Record a command that is already applied. */
  record(command: Command): void {
    this.history.push(command);
    this.listener.history?.();
  }

  undo(): Command | null {
    const command = this.history.undo();
    if (command) this.listener.history?.();
    return command;
  }

  redo(): Command | null {
    const command = this.history.redo();
    if (command) this.listener.history?.();
    return command;
  }

  /** Builds the command that adds a new object of `classId` (not yet applied). */
  newObjectCommand(classId: ClassId, attributes: JsonRecord = {}): { index: number; command: Command } {
    const object: LabelObject = { index: this.objects.allocateIndex(), classId, attributes, hidden: false };
    return { index: object.index, command: new AddObjectCommand(this.objects, object, this.objects.size, this.sink) };
  }

  createObject(classId: ClassId, attributes: JsonRecord = {}): number {
    const { index, command } = this.newObjectCommand(classId, attributes);
    this.execute(command);
    return index;
  }

  /** Clears the object's pixels and removes it, as one undo entry. */
  deleteObject(index: number): boolean {
    return this.deleteObjects([index], "delete object");
  }

  /** Clears the objects' pixels and removes them, all as one undo entry; indices of no object are skipped. */
  deleteObjects(indices: readonly number[], label = "delete objects"): boolean {
    const parts: Command[] = [];
    for (const index of new Set(indices)) {
      const object = this.objects.get(index);
      if (!object) continue;
      const bounds = this.map.boundsOf(index);
      if (bounds) {
        const tx = new EditTransaction(this.map);
        const data = this.map.data;
        const width = this.map.width;
        tx.prepare(bounds);
        for (let y = bounds.y0; y < bounds.y1; y++) {
          for (let i = y * width + bounds.x0; i < y * width + bounds.x1; i++) if (data[i] === index) data[i] = 0;
        }
        const patch = tx.finish();
        if (patch) parts.push(new PatchCommand("clear object", this.map, patch, this.sink));
        this.sink.pixelsChanged(bounds);
      }
      // The pixels are already cleared: apply only the list removal (its position is taken now, after the
      // earlier removals, so undoing in reverse puts every object back where it was), then record them all.
      const remove = new RemoveObjectCommand(this.objects, object, this.sink);
      remove.redo();
      parts.push(remove);
    }
    if (parts.length === 0) return false;
    this.record(new CompositeCommand(label, parts));
    return true;
  }

  updateObject(index: number, change: ObjectChange, label = "edit object"): boolean {
    const command = this.updateObjectCommand(index, change, label);
    if (!command) return false;
    this.execute(command);
    return true;
  }

  /**
   * An edit the caller keeps outside the document, applied now and recorded with `change` of object
   * `index`'s fields (if any) as one undo entry. False when there is no such object.
   */
  updateObjectWith(index: number, outside: OutsideEdit, change: ObjectChange, label: string): boolean {
    if (!this.objects.has(index)) return false;
    const parts: Command[] = [{ label, byteSize: OUTSIDE_EDIT_BYTES, undo: () => outside.undo(), redo: () => outside.redo() }];
    const fields = Object.keys(change).length > 0 ? this.updateObjectCommand(index, change, label) : null;
    if (fields) parts.push(fields);
    this.execute(parts.length === 1 ? parts[0] : new CompositeCommand(label, parts));
    return true;
  }

  /** The command that replaces object `index`'s fields (not yet applied); null when there is no such object. */
  private updateObjectCommand(index: number, change: ObjectChange, label: string): Command | null {
    const object = this.objects.get(index);
    if (!object) return null;
    const position = this.objects.positionOf(index);
    const after = { object: { ...object, ...change }, position };
    return new UpdateObjectCommand(label, this.objects, { object, position }, after, this.sink);
  }

  moveObject(index: number, toPosition: number): boolean {
    const object = this.objects.get(index);
    if (!object) return false;
    const position = this.objects.positionOf(index);
    const target = Math.max(0, Math.min(toPosition, this.objects.size - 1));
    if (target === position) return false;
    this.execute(new UpdateObjectCommand("reorder", this.objects, { object, position }, { object, position: target }, this.sink));
    return true;
  }

  /** View state, not an edit: never recorded. */
  setObjectHidden(index: number, hidden: boolean): void {
    if (this.objects.update(index, { hidden })) this.sink.objectsChanged();
  }

  setClassification(key: string, value: JsonValue | undefined): void {
    const before = this.classificationValues[key];
    this.execute(
      new RecordValueCommand("classification", this.classificationValues, key, before, value, () => this.listener.classifications?.()),
    );
  }

  /** A transaction for one edit. Hidden objects are locked: painting over or erasing leaves their pixels. */
  beginEdit(): EditTransaction {
    const hidden = new Set(this.objects.all().filter((o) => o.hidden).map((o) => o.index));
    return new EditTransaction(this.map, hidden);
  }

  /** Turn a finished transaction into one undo entry (with `extra` commands applied before it, e.g. object creation). */
  commitEdit(tx: EditTransaction, label: string, extra: Command[] = []): boolean {
    const patch = tx.finish();
    if (!patch) {
      for (let i = extra.length - 1; i >= 0; i--) extra[i].undo();
      return false;
    }
    const pixels = new PatchCommand(label, this.map, patch, this.sink);
    this.record(extra.length > 0 ? new CompositeCommand(label, [...extra, pixels]) : pixels);
    return true;
  }

  /** Paint a region with one op as one undo entry. Returns whether any pixel changed. */
  paintRegion(region: Region, op: PaintOp, label: string, extra: Command[] = []): boolean {
    return this.paintRegions([{ region, op }], label, extra);
  }

  /** Paint regions with their ops, in order, as one undo entry (an erase and a paint that replace a mask). */
  paintRegions(steps: readonly { readonly region: Region; readonly op: PaintOp }[], label: string, extra: Command[] = []): boolean {
    const tx = this.beginEdit();
    for (const { region, op } of steps) {
      const area = tx.paintSpans(region.bounds, op, (sink) => regionSpans(region, sink));
      if (area) this.sink.pixelsChanged(area);
    }
    return this.commitEdit(tx, label, extra);
  }

  /** Replace everything with loaded content: not recorded, history cleared. */
  reset(objects: readonly LabelObject[], classifications: Record<string, JsonValue>): void {
    this.objects.reset();
    for (const object of objects) this.objects.insert(object);
    this.classificationValues = { ...classifications };
    this.history.clear();
    this.sink.objectsChanged();
    this.sink.pixelsChanged(this.map.bounds);
    this.listener.classifications?.();
    this.listener.history?.();
  }
}
