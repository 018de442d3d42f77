// Editor for one attribute / classification; options may open nested sub-questions.
import { ATTRIBUTE_TYPES, type AttributeType } from "../../api/types";
import { emptyField, emptyOption, hasOptions, slugify, type DraftField, type DraftOption } from "./ontologyDraft";

interface FieldProps {
  field: DraftField;
  onChange: (f: DraftField) => void;
  onRemove: () => void;
  depth?: number;
}

export function FieldEditor({ field, onChange, onRemove, depth = 0 }: FieldProps) {
  const set = (change: Partial<DraftField>) => onChange({ ...field, ...change });
  const setOption = (i: number, o: DraftOption) => set({ options: field.options.map((x, j) => (j === i ? o : x)) });
  return (
    <div className="attr-card" data-testid="field-editor">
      <div className="attr-row">
        <input
          type="text"
          placeholder="name"
          aria-label="Field name"
          data-testid="field-name"
          value={field.name}
          onChange={(e) => set({ name: e.target.value })}
        />
        <span className="radio-group" role="radiogroup" aria-label="Type">
          {ATTRIBUTE_TYPES.map((t) => (
            <label key={t}>
              <input
                type="radio"
                name={`type-${field.key}`}
                checked={field.type === t}
                onChange={() => set({ type: t as AttributeType })}
              />
              {t}
            </label>
          ))}
        </span>
        <label className="field-inline small">
          <input type="checkbox" checked={field.required} onChange={(e) => set({ required: e.target.checked })} />
          required
        </label>
        <span style={{ flex: 1 }} />
        <button type="button" className="btn btn-sm btn-ghost" onClick={onRemove} aria-label="Remove field">
          Remove
        </button>
      </div>
      {hasOptions(field.type) && (
        <ul className="option-list">
          {field.options.map((o, i) => (
            <li key={o.key}>
              <OptionEditor
                option={o}
                depth={depth}
                onChange={(next) => setOption(i, next)}
                onRemove={() => set({ options: field.options.filter((_, j) => j !== i) })}
                onMove={(delta) => set({ options: move(field.options, i, delta) })}
              />
            </li>
          ))}
          <li>
            <button type="button" className="btn btn-sm" onClick={() => set({ options: [...field.options, emptyOption()] })}>
              + Option
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}

interface OptionProps {
  option: DraftOption;
  depth: number;
  onChange: (o: DraftOption) => void;
  onRemove: () => void;
  onMove: (delta: number) => void;
}

function OptionEditor({ option, depth, onChange, onRemove, onMove }: OptionProps) {
  const set = (change: Partial<DraftOption>) => onChange({ ...option, ...change });
  return (
    <>
      <div className="option-row">
        <input
          type="text"
          placeholder="label"
          aria-label="Option label"
          value={option.label}
          onChange={(e) => set({ label: e.target.value })}
        />
        <input
          type="text"
          placeholder={slugify(option.label) || "value"}
          aria-label="Option value"
          title="Stored value (defaults to the label in snake_case)"
          value={option.value}
          onChange={(e) => set({ value: e.target.value })}
        />
        <button type="button" className="btn btn-sm btn-ghost btn-icon" title="Move up" onClick={() => onMove(-1)}>
          ↑
        </button>
        <button type="button" className="btn btn-sm btn-ghost btn-icon" title="Move down" onClick={() => onMove(1)}>
          ↓
        </button>
        {depth < 3 && (
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            title="A question asked when this option is chosen"
            onClick={() => set({ children: [...option.children, emptyField()] })}
          >
            + Sub-question
          </button>
        )}
        <button type="button" className="btn btn-sm btn-ghost btn-icon" title="Remove option" onClick={onRemove}>
          ×
        </button>
      </div>
      {option.children.length > 0 && (
        <div className="attr-list">
          {option.children.map((c, i) => (
            <FieldEditor
              key={c.key}
              field={c}
              depth={depth + 1}
              onChange={(next) => set({ children: option.children.map((x, j) => (j === i ? next : x)) })}
              onRemove={() => set({ children: option.children.filter((_, j) => j !== i) })}
            />
          ))}
        </div>
      )}
    </>
  );
}

export function move<T>(items: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (target < 0 || target >= items.length) return [...items];
  const out = [...items];
  const [item] = out.splice(index, 1);
  out.splice(target, 0, item);
  return out;
}

/** A list of fields with an add button (attributes of a class, or classifications). */
export function FieldList({
  fields,
  onChange,
  addLabel,
}: {
  fields: DraftField[];
  onChange: (fields: DraftField[]) => void;
  addLabel: string;
}) {
  return (
    <div className="attr-list">
      {fields.map((f, i) => (
        <FieldEditor
          key={f.key}
          field={f}
          onChange={(next) => onChange(fields.map((x, j) => (j === i ? next : x)))}
          onRemove={() => onChange(fields.filter((_, j) => j !== i))}
        />
      ))}
      <div>
        <button type="button" className="btn btn-sm" onClick={() => onChange([...fields, emptyField()])}>
          {addLabel}
        </button>
      </div>
    </div>
  );
}
