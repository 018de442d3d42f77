import type { Emitter } from "./core/emitter";
import type { OutsideEdit } from "./core/history";
import type { LabelDocument, ObjectChange } from "./core/labelDocument";
import type { EditorEvents } from "./editorTypes";
import type { ClassId, JsonRecord, JsonValue, LabelObject, OntologyClass } from "./core/objectList";
import { type BorderMode, paintOp } from "./core/paintPolicy";
import { RegionBuilder } from "./core/region";
import { holesOf, specksOf } from "./core/regionOps";
import { type ProposalMask, proposalFromMask } from "./core/segmentProposal";
import type { PaintTarget } from "./tools/tool";

/** Default minimum area for remove-specks, in pixels. */
export const DEFAULT_SPECK_AREA = 16;

/** What object operations read from the rest of the editor. */
export interface ObjectSurroundings {
  readonly document: LabelDocument;
  readonly events: Emitter<EditorEvents>;
  /** The border mode clean-ups paint with (a tool setting). */
  borderMode(): BorderMode;
  /** The ontology changed: re-colour the objects. */
  classesChanged(): void;
}

/**
 * The Editor's object collaborator: ontology, selection, object list edits
 * and the per-object clean-ups. Every edit is one undo entry.
 */
export class ObjectOperations {
  private readonly document: LabelDocument;
  private readonly events: Emitter<EditorEvents>;
  private classMap = new Map<ClassId, OntologyClass>();
  private classOrder: OntologyClass[] = [];
  private selectedIndex = 0;
  private activeClassId: ClassId | null = null;

  constructor(private readonly surroundings: ObjectSurroundings) {
    this.document = surroundings.document;
    this.events = surroundings.events;
  }

  /** Classes by id, for colouring. */
  get classById(): ReadonlyMap<ClassId, OntologyClass> {
    return this.classMap;
  }

  get classes(): readonly OntologyClass[] {
    return this.classOrder;
  }

  get objects(): readonly LabelObject[] {
    return this.document.objects.all();
  }

  get selectedObject(): number {
    return this.selectedIndex;
  }

  get activeClass(): ClassId | null {
    return this.activeClassId;
  }

  get classifications(): Readonly<Record<string, JsonValue>> {
    return this.document.classifications;
  }

  /** The ontology's classes (id, name, color, kind) in the order keys 1-9 pick them. */
  setClasses(classes: readonly OntologyClass[]): void {
    this.classOrder = [...classes];
    this.classMap = new Map(classes.map((c) => [c.id, c]));
    if (this.activeClassId === null || !this.classMap.has(this.activeClassId)) {
      this.activeClassId = classes[0]?.id ?? null;
      this.emitSelection();
    }
    this.surroundings.classesChanged();
  }

  /**
   * Class for new objects. Keeps the selection when it already has this class;
   * for a "stuff" class selects its existing object; otherwise deselects, so
   * the next stroke starts a new object.
   */
  setClass(classId: ClassId): void {
    this.activeClassId = classId;
    const selected = this.document.objects.get(this.selectedIndex);
    if (!selected || selected.classId !== classId) {
      const stuff = this.classMap.get(classId)?.kind === "stuff";
      const existing = stuff ? [...this.objects].reverse().find((o) => o.classId === classId) : undefined;
      this.selectedIndex = existing?.index ?? 0;
    }
    this.emitSelection();
  }

  /** Keys 1-9: the n-th class of the ontology. */
  setClassByPosition(position: number): boolean {
    const cls = this.classOrder[position - 1];
    if (!cls) return false;
    this.setClass(cls.id);
    return true;
  }

  createObject(classId: ClassId | null = this.activeClassId, attributes: JsonRecord = {}): number {
    if (classId === null) throw new Error("no class to create an object of");
    const index = this.document.createObject(classId, attributes);
    this.activeClassId = classId;
    this.select(index);
    return index;
  }

  /** Select an object (0 deselects); its class becomes the active class. */
  selectObject(index: number): void {
    const object = this.document.objects.get(index);
    if (index !== 0 && !object) return;
    if (object) this.activeClassId = object.classId;
    this.select(index);
  }

  /** Tab / shift+Tab through the object list. */
  cycleObject(step: 1 | -1): boolean {
    const list = this.objects;
    if (list.length === 0) return false;
    const position = this.document.objects.positionOf(this.selectedIndex);
    const next = position < 0 ? (step > 0 ? 0 : list.length - 1) : (position + step + list.length) % list.length;
    this.selectObject(list[next].index);
    return true;
  }

  setObjectClass(index: number, classId: ClassId): boolean {
    const object = this.document.objects.get(index);
    if (!object || object.classId === classId) return false;
    return this.document.updateObject(index, { classId }, "change class");
  }

  setObjectAttributes(index: number, attributes: JsonRecord): boolean {
    return this.document.updateObject(index, { attributes: { ...attributes } }, "edit attributes");
  }

  /**
   * An edit of object `index`'s properties kept outside the engine (a sequence's track id), applied now by
   * `edit.redo()` together with `change` of its class or attributes, as one undo entry. False without the object.
   */
  editObjectOutside(index: number, edit: OutsideEdit, change: ObjectChange = {}, label = "edit object"): boolean {
    const object = this.document.objects.get(index);
    if (!object) return false;
    // Only what the edit changes: an unchanged class (or an attributes key set to undefined) is left out.
    const fields: ObjectChange = {
      ...(change.classId !== undefined && change.classId !== object.classId ? { classId: change.classId } : {}),
      ...(change.attributes !== undefined ? { attributes: { ...change.attributes } } : {}),
    };
    return this.document.updateObjectWith(index, edit, fields, label);
  }

  /** Move an object in the display order (pixels stay exclusive either way). */
  moveObject(index: number, toPosition: number): boolean {
    return this.document.moveObject(index, toPosition);
  }

  /** Delete an object and clear its pixels (undoable). Defaults to the selected object. */
  deleteObject(index = this.selectedIndex): boolean {
    return this.document.deleteObject(index);
  }

  /** Delete several objects as one undo entry (accepting the confident pre-labels drops the rest). */
  deleteObjects(indices: readonly number[]): boolean {
    return this.document.deleteObjects(indices);
  }

  setObjectHidden(index: number, hidden: boolean): void {
    this.document.setObjectHidden(index, hidden);
  }

  toggleSelectedHidden(): boolean {
    const object = this.document.objects.get(this.selectedIndex);
    if (!object) return false;
    this.setObjectHidden(object.index, !object.hidden);
    return true;
  }

  /** Image-level classification value; undefined removes it. Undoable. */
  setClassification(key: string, value: JsonValue | undefined): void {
    this.document.setClassification(key, value);
  }

  /** Fill the enclosed holes of an object (defaults to the selected one), honouring the border mode. */
  fillHoles(index = this.selectedIndex): boolean {
    if (!this.document.objects.has(index)) return false;
    const holes = holesOf(this.document.map, index);
    return holes.area > 0 && this.document.paintRegion(holes, paintOp(index, this.surroundings.borderMode()), "fill holes");
  }

  /**
   * The object's mask replaced by `mask` (a correction from the server) as one undo entry: its pixels outside
   * `mask` erased, `mask` painted by the border mode (hidden objects stay locked). False without a change.
   */
  replaceObjectMask(index: number, mask: ProposalMask, label = "replace mask"): boolean {
    if (!this.document.objects.has(index)) return false;
    const { map } = this.document;
    const next = proposalFromMask(mask, 1, map.width, map.height);
    const { x0, y0, x1, y1 } = next.bounds;
    const inside = (x: number, y: number) => x >= x0 && x < x1 && y >= y0 && y < y1 && next.bits[(y - y0) * (x1 - x0) + x - x0] !== 0;
    const stale = new RegionBuilder();
    const { data, width, height } = map;
    for (let y = 0; y < height; y++) {
      let start = -1;
      for (let x = 0; x <= width; x++) {
        const leaving = x < width && data[y * width + x] === index && !inside(x, y);
        if (leaving && start < 0) start = x;
        else if (!leaving && start >= 0) {
          stale.add(y, start, x);
          start = -1;
        }
      }
    }
    return this.document.paintRegions([
      { region: stale.build(), op: paintOp(0, "over", index) },
      { region: next.region, op: paintOp(index, this.surroundings.borderMode()) },
    ], label);
  }

  /** Remove the object's pieces (8-connected) smaller than minArea pixels. */
  removeSpecks(minArea = DEFAULT_SPECK_AREA, index = this.selectedIndex): boolean {
    if (!this.document.objects.has(index)) return false;
    const specks = specksOf(this.document.map, index, minArea);
    return specks.area > 0 && this.document.paintRegion(specks, paintOp(0, "over", index), "remove specks");
  }

  /** The selected object, or a new one of the active class created for this edit (undone if the edit is). */
  paintTarget(): PaintTarget | null {
    if (this.selectedIndex !== 0 && this.document.objects.has(this.selectedIndex)) return { index: this.selectedIndex, created: [] };
    return this.newObjectTarget();
  }

  /** A new object of the active class, selected; its creation command rides with the edit. Null without an active class. */
  newObjectTarget(): PaintTarget | null {
    if (this.activeClassId === null) return null;
    const { index, command } = this.document.newObjectCommand(this.activeClassId);
    command.redo();
    this.select(index);
    return { index, created: [command] };
  }

  private emitSelection(): void {
    this.events.emit("selection", { objectIndex: this.selectedIndex, classId: this.activeClassId });
  }

  private select(index: number): void {
    if (this.selectedIndex === index) return;
    this.selectedIndex = index;
    this.emitSelection();
  }
}
