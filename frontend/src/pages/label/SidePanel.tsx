import type { ReactNode } from "react";
import type { AttributeValue, Ontology } from "../../api/types";
import { DEFAULT_SPECK_AREA, type Editor, type JsonRecord } from "../../editor";
import { missingRequired } from "./attributeValues";
import { AttributeFields } from "./AttributeFields";
import { ClassPicker } from "./ClassPicker";
import { ObjectList, type ObjectRowDrag } from "./ObjectList";
import type { EditorSnapshot } from "./useEditor";
import type { PrelabelConfidence } from "./usePrelabelConfidence";

type Values = Record<string, AttributeValue>;

/** Right column: class picker, objects, the selected object's attributes and clean-up, image classifications. */
export function SidePanel({ editor, snapshot, ontology, trackOf, rowDrag, confidence, children }: {
  editor: Editor;
  snapshot: EditorSnapshot;
  ontology: Ontology;
  /** Sequence frames: track id per object index. */
  trackOf?: (index: number) => number | undefined;
  /** Sequence frames: object rows dragged onto a track. */
  rowDrag?: ObjectRowDrag;
  /** Pre-labels' per-object scores and the accept-above threshold. */
  confidence?: PrelabelConfidence;
  /** Shown below the rest (the image's comment threads). */
  children?: ReactNode;
}) {
  const selectedIndex = snapshot.selection.objectIndex;
  const selected = snapshot.objects.find((o) => o.index === selectedIndex) ?? null;
  const selectedClass = selected ? ontology.classes.find((c) => c.id === selected.classId) : undefined;
  const attributes = (selected?.attributes ?? {}) as Values;
  const classifications = snapshot.classifications as Values;
  const missingObjects = snapshot.objects.filter((o) => {
    const fields = ontology.classes.find((c) => c.id === o.classId)?.attributes ?? [];
    return missingRequired(fields, o.attributes as Values).length > 0;
  }).length;

  return (
    <aside className="label-side" aria-label="Classes and objects">
      <ClassPicker editor={editor} classes={editor.classes} activeClassId={snapshot.selection.classId} />
      <ObjectList editor={editor} objects={snapshot.objects} classes={editor.classes} selected={selectedIndex} solo={snapshot.view.solo} trackOf={trackOf} rowDrag={rowDrag} confidence={confidence} />
      {missingObjects > 0 && (
        <p className="label-warn small" data-testid="missing-attributes">
          {missingObjects} object(s) miss a required attribute: submit will be refused.
        </p>
      )}
      {selected && (
        <section className="label-section" data-testid="selected-object">
          <h3>
            <span className="class-swatch" style={{ background: selectedClass?.color ?? "#888" }} /> {selectedClass?.name ?? `class ${selected.classId}`}
          </h3>
          <AttributeFields
            fields={selectedClass?.attributes ?? []}
            values={attributes}
            idPrefix={`object-${selected.index}`}
            onChange={(next) => editor.setObjectAttributes(selected.index, next as JsonRecord)}
          />
          <div className="tool-row">
            <button type="button" className="btn btn-sm" data-testid="fill-holes" onClick={() => editor.fillHoles(selected.index)} title="Fill the enclosed holes of this object">
              Fill holes
            </button>
            <button type="button" className="btn btn-sm" data-testid="remove-specks" onClick={() => editor.removeSpecks(DEFAULT_SPECK_AREA, selected.index)} title={`Remove pieces smaller than ${DEFAULT_SPECK_AREA} px`}>
              Remove specks
            </button>
          </div>
        </section>
      )}
      {ontology.classifications.length > 0 && (
        <section className="label-section" data-testid="classifications">
          <h3>Image</h3>
          <AttributeFields
            fields={ontology.classifications}
            values={classifications}
            idPrefix="image"
            onChange={(next) => {
              for (const key of new Set([...Object.keys(classifications), ...Object.keys(next)])) {
                if (next[key] !== classifications[key]) editor.setClassification(key, next[key] ?? undefined);
              }
            }}
          />
        </section>
      )}
      {children}
    </aside>
  );
}
