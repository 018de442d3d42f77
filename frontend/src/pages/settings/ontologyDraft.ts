// Editable form of the ontology: every list item carries a local key for React, new classes have
// no id yet. Pure functions, no React; converted back to the PUT body by `draftToInput`.
import type {
  Attribute,
  AttributeOption,
  AttributeType,
  ClassKind,
  Ontology,
  OntologyClassInput,
  OntologyInput,
} from "../../api/types";

export interface DraftOption {
  key: string;
  value: string;
  label: string;
  children: DraftField[];
}

export interface DraftField {
  key: string;
  name: string;
  type: AttributeType;
  required: boolean;
  options: DraftOption[];
}

export interface DraftClass {
  key: string;
  id?: number;
  name: string;
  color: string;
  kind: ClassKind;
  parent: number | null;
  attributes: DraftField[];
  archived: boolean;
}

export interface OntologyDraft {
  classes: DraftClass[];
  classifications: DraftField[];
}

let keySeq = 0;
export function newKey(): string {
  keySeq += 1;
  return `k${keySeq}`;
}

/** Distinct, readable colors for new classes, cycled. */
export const PALETTE = [
  "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6", "#bcf60c",
  "#fabebe", "#008080", "#e6beff", "#9a6324", "#fffac8", "#800000", "#aaffc3", "#808000",
];

export function nextColor(used: readonly string[]): string {
  const taken = new Set(used.map((c) => c.toLowerCase()));
  return PALETTE.find((c) => !taken.has(c)) ?? PALETTE[used.length % PALETTE.length];
}

export function emptyField(type: AttributeType = "radio"): DraftField {
  return { key: newKey(), name: "", type, required: false, options: [] };
}

export function emptyOption(): DraftOption {
  return { key: newKey(), value: "", label: "", children: [] };
}

export function emptyClass(used: readonly string[]): DraftClass {
  return { key: newKey(), name: "", color: nextColor(used), kind: "thing", parent: null, attributes: [], archived: false };
}

function optionToDraft(o: AttributeOption): DraftOption {
  return { key: newKey(), value: o.value, label: o.label ?? "", children: (o.children ?? []).map(fieldToDraft) };
}

export function fieldToDraft(f: Attribute): DraftField {
  return { key: newKey(), name: f.name, type: f.type, required: !!f.required, options: (f.options ?? []).map(optionToDraft) };
}

export function ontologyToDraft(o: Ontology): OntologyDraft {
  return {
    classes: o.classes.map((c) => ({
      key: newKey(),
      id: c.id,
      name: c.name,
      color: c.color,
      kind: c.kind,
      parent: c.parent ?? null,
      attributes: (c.attributes ?? []).map(fieldToDraft),
      archived: !!c.archived,
    })),
    classifications: (o.classifications ?? []).map(fieldToDraft),
  };
}

export function hasOptions(type: AttributeType): boolean {
  return type === "radio" || type === "checklist";
}

/** A machine value from a label: "Traffic light" -> "traffic_light". */
export function slugify(label: string): string {
  return label
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

function optionToInput(o: DraftOption): AttributeOption {
  const label = o.label.trim();
  const out: AttributeOption = { value: o.value.trim() || slugify(label) || label, label };
  const children = o.children.map(fieldToInput);
  if (children.length > 0) out.children = children;
  return out;
}

export function fieldToInput(f: DraftField): Attribute {
  return {
    name: f.name.trim(),
    type: f.type,
    required: f.required,
    options: hasOptions(f.type) ? f.options.map(optionToInput) : [],
  };
}

/** The PUT body: archived classes are left out (the server archives what is omitted). */
export function draftToInput(d: OntologyDraft): OntologyInput {
  return {
    classes: d.classes
      .filter((c) => !c.archived)
      .map((c) => {
        const out: OntologyClassInput = {
          name: c.name.trim(),
          color: c.color.toLowerCase(),
          kind: c.kind,
          parent: c.parent,
          attributes: c.attributes.map(fieldToInput),
        };
        if (c.id !== undefined) out.id = c.id;
        return out;
      }),
    classifications: d.classifications.map(fieldToInput),
  };
}

function duplicates(names: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const n of names.map((x) => x.trim().toLowerCase())) {
    if (seen.has(n)) dup.add(n);
    seen.add(n);
  }
  return [...dup];
}

function validateFields(fields: Attribute[], where: string, out: string[]): void {
  fields.forEach((f, i) => {
    const label = f.name || `#${i + 1}`;
    if (!f.name) out.push(`${where}: field #${i + 1} needs a name`);
    if (hasOptions(f.type) && f.options.length === 0) out.push(`${where}: '${label}' (${f.type}) needs at least one option`);
    f.options.forEach((o, j) => {
      if (!o.value) out.push(`${where}: '${label}' option #${j + 1} needs a value or label`);
      validateFields(o.children ?? [], `${where} › ${label} › ${o.label || o.value}`, out);
    });
    for (const d of duplicates(f.options.map((o) => o.value))) out.push(`${where}: '${label}' has duplicate option value '${d}'`);
  });
  for (const d of duplicates(fields.map((f) => f.name))) if (d) out.push(`${where}: duplicate name '${d}'`);
}

/** Problems the server would reject, found before saving. Empty when the draft is valid. */
export function validateDraft(d: OntologyDraft): string[] {
  const out: string[] = [];
  const input = draftToInput(d);
  const active = new Set(input.classes.map((c) => c.id).filter((id): id is number => id !== undefined));
  const byId = new Map(d.classes.filter((c) => c.id !== undefined).map((c) => [c.id as number, c]));
  input.classes.forEach((c, i) => {
    const where = c.name ? `Class '${c.name}'` : `Class #${i + 1}`;
    if (!c.name) out.push(`${where} needs a name`);
    if (!/^#[0-9a-f]{6}$/.test(c.color)) out.push(`${where}: color must be #rrggbb`);
    if (c.parent !== null && !active.has(c.parent)) {
      const p = byId.get(c.parent);
      out.push(`${where}: parent '${p?.name ?? c.parent}' is archived; restore it or pick another parent`);
    }
    validateFields(c.attributes, where, out);
  });
  for (const dup of duplicates(input.classes.map((c) => c.name))) if (dup) out.push(`Duplicate class name '${dup}'`);
  validateFields(input.classifications, "Classifications", out);
  if (hasCycle(input.classes)) out.push("The class hierarchy has a cycle");
  return out;
}

function hasCycle(classes: OntologyClassInput[]): boolean {
  const parent = new Map(classes.filter((c) => c.id !== undefined).map((c) => [c.id as number, c.parent]));
  for (const start of parent.keys()) {
    const seen = new Set<number>();
    let node: number | null | undefined = start;
    while (node !== null && node !== undefined) {
      if (seen.has(node)) return true;
      seen.add(node);
      node = parent.get(node);
    }
  }
  return false;
}

/** Ids a class may take as parent: saved, active, not itself and not one of its descendants. */
export function parentCandidates(d: OntologyDraft, cls: DraftClass): DraftClass[] {
  const excluded = new Set<number>();
  if (cls.id !== undefined) {
    excluded.add(cls.id);
    let grew = true;
    while (grew) {
      grew = false;
      for (const c of d.classes) {
        if (c.id !== undefined && c.parent !== null && excluded.has(c.parent) && !excluded.has(c.id)) {
          excluded.add(c.id);
          grew = true;
        }
      }
    }
  }
  return d.classes.filter((c) => c.id !== undefined && !c.archived && !excluded.has(c.id));
}

export function sameInput(a: OntologyDraft, b: OntologyDraft): boolean {
  return JSON.stringify(draftToInput(a)) === JSON.stringify(draftToInput(b));
}
