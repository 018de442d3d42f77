import { useEffect, useState } from "react";
import type { Attribute, AttributeOption, AttributeValue } from "../../api/types";
import { answersOffered, childValue, chooseOption, isFoldable, isOptionChosen, pruneSubAnswers, subPath, withChildAnswer, withValue } from "./attributeValues";

type Values = Readonly<Record<string, AttributeValue>>;

/** Fields rendered from the ontology's definitions; every change is one call to onChange with the new record. */
export function AttributeFields({ fields, values, onChange, idPrefix }: { fields: readonly Attribute[]; values: Values; onChange(next: Record<string, AttributeValue>): void; idPrefix: string }) {
  if (fields.length === 0) return null;
  // Every change goes through here, so answers under an option just unchosen never linger.
  const setKey = (key: string, value: AttributeValue | undefined) => onChange(pruneSubAnswers(fields, withValue(values, key, value)));
  // An answer naming an option the manager removed shows as none (and a required one as missing): it is not saved.
  const shown = answersOffered(fields, values);
  return (
    <div className="attr-fields">
      {fields.map((field) => (
        <Field key={field.name} field={field} path={field.name} value={shown[field.name]} record={shown} setKey={setKey} id={`${idPrefix}-${field.name}`} onChange={(v) => setKey(field.name, v)} />
      ))}
    </div>
  );
}

interface FieldProps {
  field: Attribute;
  /** The top-level name, or the sub-question's path ("field/option/sub-question"). */
  path: string;
  value: AttributeValue | undefined;
  /** The whole values record and its setter: text and number sub-answers have keys of their own. */
  record: Values;
  setKey(key: string, value: AttributeValue | undefined): void;
  id: string;
  onChange(value: AttributeValue | undefined): void;
}

function Field({ field, path, value, record, setKey, id, onChange }: FieldProps) {
  const missing = field.required && value === undefined;
  return (
    <fieldset className={`attr-field${missing ? " missing" : ""}`} data-testid="attr-field" data-name={field.name} data-path={path}>
      <legend>
        {field.name}
        {field.required && <span className="required" title="required to submit"> *</span>}
      </legend>
      {field.type === "text" && <TextInput value={typeof value === "string" ? value : ""} onCommit={(v) => onChange(v)} id={id} />}
      {field.type === "number" && <NumberInput value={typeof value === "number" ? value : undefined} onCommit={onChange} id={id} />}
      {(field.type === "radio" || field.type === "checklist") &&
        field.options.map((option) => (
          <OptionInput key={option.value} field={field} path={path} option={option} value={value} record={record} setKey={setKey} id={id} onChange={onChange} />
        ))}
      {field.type === "radio" && value !== undefined && !field.required && (
        <button type="button" className="link-btn small" onClick={() => onChange(undefined)}>
          clear
        </button>
      )}
    </fieldset>
  );
}

function OptionInput({ field, path, option, value, record, setKey, id, onChange }: Omit<FieldProps, "field"> & { field: Attribute; option: AttributeOption }) {
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
          {children.map((child) => {
            const childPath = subPath(path, option, child);
            const common = { field: child, path: childPath, record, setKey, id: `${id}-${option.value}-${child.name}` };
            // Option sub-answers fold into this field's value; text and number ones are keys of their own.
            return isFoldable(child) ? (
              <Field key={child.name} {...common} value={childValue(child, value)} onChange={(answer) => onChange(withChildAnswer(field, value, option, child, answer))} />
            ) : (
              <Field key={child.name} {...common} value={record[childPath]} onChange={(answer) => setKey(childPath, answer)} />
            );
          })}
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
