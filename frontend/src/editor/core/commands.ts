import type { PixelPatch } from "./editTransaction";
import type { Rect } from "./geometry";
import type { Command } from "./history";
import type { LabelMap } from "./labelMap";
import type { LabelObject, ObjectList } from "./objectList";

/** Notified after a command changes pixels or objects, so views can redraw. */
export interface ChangeSink {
  pixelsChanged(rect: Rect): void;
  objectsChanged(): void;
}

const COMMAND_OVERHEAD_BYTES = 64;

/** A pixel edit: the changed rectangle before and after. */
export class PatchCommand implements Command {
  readonly label: string;
  readonly byteSize: number;

  constructor(
    label: string,
    private readonly map: LabelMap,
    private readonly patch: PixelPatch,
    private readonly sink: ChangeSink,
  ) {
    this.label = label;
    this.byteSize = patch.before.byteLength + patch.after.byteLength + COMMAND_OVERHEAD_BYTES;
  }

  undo(): void {
    this.map.writePatch(this.patch.rect, this.patch.before);
    this.sink.pixelsChanged(this.patch.rect);
  }

  redo(): void {
    this.map.writePatch(this.patch.rect, this.patch.after);
    this.sink.pixelsChanged(this.patch.rect);
  }
}

/** Adds an object at a position; undo removes it. */
export class AddObjectCommand implements Command {
  readonly label = "create object";
  readonly byteSize = COMMAND_OVERHEAD_BYTES;

  constructor(
    private readonly objects: ObjectList,
    private readonly object: LabelObject,
    private readonly position: number,
    private readonly sink: ChangeSink,
  ) {}

  undo(): void {
    this.objects.remove(this.object.index);
    this.sink.objectsChanged();
  }

  redo(): void {
    this.objects.insert(this.object, this.position);
    this.sink.objectsChanged();
  }
}

/** Removes an object from the list (its pixels are cleared by a PatchCommand beside it). */
export class RemoveObjectCommand implements Command {
  readonly label = "delete object";
  readonly byteSize = COMMAND_OVERHEAD_BYTES;
  private readonly position: number;

  constructor(
    private readonly objects: ObjectList,
    private readonly object: LabelObject,
    private readonly sink: ChangeSink,
  ) {
    this.position = objects.positionOf(object.index);
  }

  undo(): void {
    this.objects.insert(this.object, this.position);
    this.sink.objectsChanged();
  }

  redo(): void {
    this.objects.remove(this.object.index);
    this.sink.objectsChanged();
  }
}

/** Replaces an object's fields (class, attributes) or its position in the display order. */
export class UpdateObjectCommand implements Command {
  readonly byteSize: number;

  constructor(
    readonly label: string,
    private readonly objects: ObjectList,
    private readonly before: { object: LabelObject; position: number },
    private readonly after: { object: LabelObject; position: number },
    private readonly sink: ChangeSink,
  ) {
    this.byteSize = COMMAND_OVERHEAD_BYTES + JSON.stringify(after.object.attributes).length * 2;
  }

  undo(): void {
    this.apply(this.before);
  }

  redo(): void {
    this.apply(this.after);
  }

  private apply(state: { object: LabelObject; position: number }): void {
    this.objects.remove(state.object.index);
    this.objects.insert(state.object, state.position);
    this.sink.objectsChanged();
  }
}

/** Sets one key of a JSON record (image-level classifications); undefined deletes the key. */
export class RecordValueCommand<V> implements Command {
  readonly byteSize = COMMAND_OVERHEAD_BYTES;

  constructor(
    readonly label: string,
    private readonly record: Record<string, V>,
    private readonly key: string,
    private readonly before: V | undefined,
    private readonly after: V | undefined,
    private readonly onChange: () => void,
  ) {}

  undo(): void {
    this.set(this.before);
  }

  redo(): void {
    this.set(this.after);
  }

  private set(value: V | undefined): void {
    if (value === undefined) delete this.record[this.key];
    else this.record[this.key] = value;
    this.onChange();
  }
}
