import { useEffect, useState } from "react";
import type { Attribute, AttributeOption, AttributeValue } from "../../api/types";
import { childValue, chooseOption, isFoldable, isOptionChosen, withChildAnswer, withValue } from "./attributeValues";

type Values = Readonly<Record<string, AttributeValue>>;

/** Fields rendered from the ontology's definitions; every change is one call to onChange with the new record. */
export function AttributeFields({ fields, values, onChange, idPrefix }: { fields: readonly Attribute[]; values: Values; onChange(next: Record<string, AttributeValue>): void; idPrefix: string }) {
  if (fields.length === 0) return null;
  return (
    <div className="attr-fields">
      {fields.map((field) => (
        <Field key={field.name} field={field} value={values[field.name]} id={`${idPrefix}-${field.name}`} onChange={(v) => onChange(withValue(values, field.name, v))} />
      ))}
    </div>
  );
}

interface FieldProps {
  field: Attribute;
  value: AttributeValue | undefined;
  id: string;
  onChange(value: AttributeValue | undefined): void;
  disabled?: boolean;
}

function Field({ field, value, id, onChange, disabled }: FieldProps) {
  const missing = field.required && value === undefined;
  return (
    <fieldset className={`attr-field${missing ? " missing" : ""}`} data-testid="attr-field" data-name={field.name} disabled={disabled}>
      <legend>
        {field.name}
        {field.required && <span className="required" title="required to submit"> *</span>}
      </legend>
      {field.type === "text" && <TextInput value={typeof value === "string" ? value : ""} onCommit={(v) => onChange(v)} id={id} />}
      {field.type === "number" && <NumberInput value={typeof value === "number" ? value : undefined} onCommit={onChange} id={id} />}
      {(field.type === "radio" || field.type === "checklist") &&
        field.options.map((option) => (
          <OptionInput key={option.value} field={field} option={option} value={value} id={id} onChange={onChange} />
        ))}
      {field.type === "radio" && value !== undefined && !field.required && (
        <button type="button" className="link-btn small" onClick={() => onChange(undefined)}>
          clear
        </button>
      )}
    </fieldset>
  );
}

function OptionInput({ field, option, value, id, onChange }: { field: Attribute; option: AttributeOption; value: AttributeValue | undefined; id: string; onChange(v: AttributeValue | undefined): void }) {
  const chosen = isOptionChosen(option, value);
  const children = option.children ?? [];
  return (
    <div className="attr-option">
      <label>
        <input
          type={field.type === "radio" ? "radio" : "checkbox"}
          name={id}
          checked={chosen}
          data-testid="attr-option"
          data-value={option.value}
          onChange={() => onChange(chooseOption(field, value, option))}
        />
        {option.label || option.value}
      </label>
      {chosen && children.length > 0 && (
        <div className="attr-children">
          {children.map((child) => (
            <Field
              key={child.name}
              field={child}
              id={`${id}-${option.value}-${child.name}`}
              value={isFoldable(child) ? childValue(child, value) : undefined}
              disabled={!isFoldable(child)}
              onChange={(answer) => onChange(withChildAnswer(field, value, option, child, answer))}
            />
          ))}
        </div>
      )}
    </div>
  );
}

/** Commits on blur or Enter, so typing is not one undo entry per key. */
function TextInput({ value, onCommit, id }: { value: string; onCommit(v: string | undefined): void; id: string }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => text !== value && onCommit(text === "" ? undefined : text);
  return <input id={id} type="text" value={text} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === "Enter" && commit()} />;
}

function NumberInput({ value, onCommit, id }: { value: number | undefined; onCommit(v: number | undefined): void; id: string }) {
  const [text, setText] = useState(value === undefined ? "" : String(value));
  useEffect(() => setText(value === undefined ? "" : String(value)), [value]);
  const commit = () => {
    const parsed = text.trim() === "" ? undefined : Number(text);
    if (parsed !== undefined && !Number.isFinite(parsed)) return;
    if (parsed !== value) onCommit(parsed);
  };
  return <input id={id} type="number" value={text} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === "Enter" && commit()} />;
}
