// Nested options: an option's children are sub-questions shown once it is chosen. The server
// accepts option values from any depth in a top-level field's value, so an option sub-answer
// lives in its parent's value: a radio holds the deepest chosen option, a checklist every checked
// one. A text or number sub-answer cannot fold; it has a key of its own, the path from the
// top-level field: "field/option/sub-question" (the server checks both, labels/attributes.py).
import type { Attribute, AttributeOption, AttributeValue } from "../../api/types";

/** Every option value under an option list, at any depth. */
export function optionValues(options: readonly AttributeOption[]): Set<string> {
  const out = new Set<string>();
  for (const option of options) {
    out.add(option.value);
    for (const child of option.children ?? []) for (const v of optionValues(child.options)) out.add(v);
  }
  return out;
}

function asList(value: AttributeValue | undefined): string[] {
  if (Array.isArray(value)) return value;
  return typeof value === "string" ? [value] : [];
}

/** Whether `option` is chosen, given the (flattened) value of its field. */
export function isOptionChosen(option: AttributeOption, value: AttributeValue | undefined): boolean {
  const under = optionValues([option]);
  return asList(value).some((v) => under.has(v));
}

/** Sub-fields that can be folded into the parent value (only option fields can). */
export function isFoldable(field: Attribute): boolean {
  return field.type === "radio" || field.type === "checklist";
}

/** The part of the parent value that answers `child` (a sub-question of a chosen option). */
export function childValue(child: Attribute, parentValue: AttributeValue | undefined): AttributeValue | undefined {
  const own = optionValues(child.options);
  const picked = asList(parentValue).filter((v) => own.has(v));
  if (child.type === "checklist") return picked;
  return picked[0];
}

/** Choose (or, for a checklist, toggle) a top-level option of `field`. */
export function chooseOption(field: Attribute, value: AttributeValue | undefined, option: AttributeOption): AttributeValue | undefined {
  if (field.type === "radio") return option.value;
  const list = asList(value);
  if (!isOptionChosen(option, value)) return [...list, option.value];
  // Unchecking drops the option and every sub-answer under it.
  const under = optionValues([option]);
  return list.filter((v) => !under.has(v));
}

/** The parent's new value after the sub-question `child` of `option` was answered with `answer`. */
export function withChildAnswer(
  field: Attribute,
  value: AttributeValue | undefined,
  option: AttributeOption,
  child: Attribute,
  answer: AttributeValue | undefined,
): AttributeValue | undefined {
  const answers = asList(answer ?? null);
  if (field.type === "radio") return answers.length > 0 ? answers[answers.length - 1] : option.value;
  const childValues = optionValues(child.options);
  const kept = asList(value).filter((v) => !childValues.has(v));
  if (!kept.includes(option.value)) kept.push(option.value);
  return [...kept, ...answers];
}

/** Set or (undefined) remove one key of a values record, returning a new record. */
export function withValue(
  values: Readonly<Record<string, AttributeValue>>,
  name: string,
  value: AttributeValue | undefined,
): Record<string, AttributeValue> {
  const next = { ...values };
  if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) delete next[name];
  else next[name] = value;
  return next;
}

/** The key of a sub-question's own answer (text and number sub-questions). */
export function subPath(parentPath: string, option: AttributeOption, child: Attribute): string {
  return `${parentPath}/${option.value}/${child.name}`;
}

interface OpenQuestion {
  path: string;
  field: Attribute;
}

/** Sub-questions opened by the chosen options under `field` (any depth), given the top-level value. */
function openQuestions(field: Attribute, path: string, topValue: AttributeValue | undefined): OpenQuestion[] {
  const out: OpenQuestion[] = [];
  for (const option of field.options) {
    if (!isOptionChosen(option, topValue)) continue;
    for (const child of option.children ?? []) {
      const childPath = subPath(path, option, child);
      out.push({ path: childPath, field: child }, ...openQuestions(child, childPath, topValue));
    }
  }
  return out;
}

/** Drop sub-answers whose option is no longer chosen (the server refuses them). */
export function pruneSubAnswers(
  fields: readonly Attribute[],
  values: Readonly<Record<string, AttributeValue>>,
): Record<string, AttributeValue> {
  const live = new Set(fields.map((f) => f.name));
  for (const field of fields) for (const q of openQuestions(field, field.name, values[field.name])) live.add(q.path);
  const next: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(values)) if (live.has(key)) next[key] = value;
  return next;
}

/**
 * Option answers kept to the options the fields offer now (any depth, as the server accepts them): a removed
 * option leaves a checklist's list (an emptied list drops the answer) and drops a radio answer. Sub-answers
 * it opened are left for pruneSubAnswers.
 */
export function offeredOptions(
  fields: readonly Attribute[],
  values: Readonly<Record<string, AttributeValue>>,
): Record<string, AttributeValue> {
  let next: Record<string, AttributeValue> = { ...values };
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined || !isFoldable(field)) continue;
    const offered = optionValues(field.options);
    if (field.type === "radio") next = withValue(next, field.name, typeof value === "string" && offered.has(value) ? value : undefined);
    else next = withValue(next, field.name, asList(value).filter((v) => offered.has(v)));
  }
  return next;
}

/** The answers the fields can show and the server takes: offered options only, no orphaned sub-answer. */
export function answersOffered(fields: readonly Attribute[], values: Readonly<Record<string, AttributeValue>>): Record<string, AttributeValue> {
  return pruneSubAnswers(fields, offeredOptions(fields, values));
}

/**
 * Names (or sub-question paths) of required questions with no answer; submit is refused otherwise. An answer
 * naming only options a manager removed counts as none: the editor drops it when it saves (answersForOntology).
 */
export function missingRequired(fields: readonly Attribute[], stored: Readonly<Record<string, AttributeValue>>): string[] {
  const values = answersOffered(fields, stored);
  const missing = fields.filter((f) => f.required && values[f.name] === undefined).map((f) => f.name);
  for (const field of fields) {
    for (const q of openQuestions(field, field.name, values[field.name])) {
      if (!q.field.required) continue;
      const answered = isFoldable(q.field)
        ? q.field.options.some((o) => isOptionChosen(o, values[field.name]))
        : values[q.path] !== undefined;
      if (!answered) missing.push(q.path);
    }
  }
  return missing;
}

/** The part of the ontology that says which answers a label may hold. */
export interface AnswerOntology {
  readonly classes: readonly { readonly id: number; readonly attributes: readonly Attribute[] }[];
  readonly classifications: readonly Attribute[];
}

/**
 * A label's answers as the ontology asks them now: each object's attributes kept to its class's questions,
 * the classifications to the image's. An answer the editor cannot show (a question the manager removed, or
 * one of the object's former class) is dropped, and so is an option a manager removed from a radio or
 * checklist (offeredOptions): the server refuses both ("unknown fields", "must be one of") and the labeler
 * has no control left to clear them. The editor keeps its own copy: changing the class back brings the
 * answers back.
 */
export function answersForOntology<O extends { class: number; attributes: Record<string, AttributeValue> }>(
  body: { objects: readonly O[]; classifications: Record<string, AttributeValue> },
  ontology: AnswerOntology,
): { objects: O[]; classifications: Record<string, AttributeValue> } {
  const fieldsOf = new Map(ontology.classes.map((c) => [c.id, c.attributes]));
  const kept = answersOffered;
  return {
    objects: body.objects.map((o) => ({ ...o, attributes: kept(fieldsOf.get(o.class) ?? [], o.attributes) })),
    classifications: kept(ontology.classifications, body.classifications),
  };
}
