// Resource types of the REST API (/api/v1/). Keep in step with the backend serializers.

export type Role = "manager" | "reviewer" | "labeler" | "viewer";
export const ROLES: readonly Role[] = ["manager", "reviewer", "labeler", "viewer"];

export interface User {
  id: number;
  username: string;
  is_staff: boolean;
  email: string;
  /** Only a verified address receives invitations sent to it (issue 14). */
  email_verified: boolean;
}

export interface UserRef {
  id: number;
  username: string;
}

export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface ProjectSettings {
  labels_per_asset: number;
  review_fraction: number;
  /** Automatic consensus choices agreeing less than this (0..1) wait for a reviewer's pick; 0: off. */
  consensus_review_below?: number;
  [key: string]: unknown;
}

export interface Project {
  id: number;
  name: string;
  description: string;
  settings: ProjectSettings;
  created_at: string;
  my_role: Role | null;
  asset_count: number;
}

export interface ProjectCreate {
  name: string;
  description: string;
  settings?: Partial<ProjectSettings>;
}

export interface Member {
  user: UserRef;
  role: Role;
}

// --- ontology ---

export type AttributeType = "radio" | "checklist" | "text" | "number";
export const ATTRIBUTE_TYPES: readonly AttributeType[] = ["radio", "checklist", "text", "number"];

export interface AttributeOption {
  value: string;
  label: string;
  /** Sub-questions opened by choosing this option (e.g. vehicle > car > body type). */
  children?: Attribute[];
}

/** A per-object attribute or an image-level classification: same shape. */
export interface Attribute {
  name: string;
  type: AttributeType;
  options: AttributeOption[];
  required: boolean;
}

export type ClassKind = "thing" | "stuff";

export interface OntologyClass {
  id: number;
  name: string;
  color: string;
  kind: ClassKind;
  parent: number | null;
  attributes: Attribute[];
  archived: boolean;
}

export interface Ontology {
  version: number;
  created_at: string | null;
  classes: OntologyClass[];
  classifications: Attribute[];
}

/** PUT body: `id` is absent for new classes; omitted existing classes are archived. */
export interface OntologyClassInput {
  id?: number;
  name: string;
  color: string;
  kind: ClassKind;
  parent: number | null;
  attributes: Attribute[];
}

export interface OntologyInput {
  classes: OntologyClassInput[];
  classifications: Attribute[];
}

// --- assets ---

export type AssetStatus = "new" | "in_progress" | "labeled" | "in_review" | "done" | "rework";
export const ASSET_STATUSES: readonly AssetStatus[] = [
  "new",
  "in_progress",
  "labeled",
  "in_review",
  "done",
  "rework",
];

export interface Asset {
  id: number;
  project: number;
  name: string;
  width: number;
  height: number;
  status: AssetStatus;
  sha256: string;
  size_bytes: number;
  thumbnail_ready: boolean;
  created_at: string;
  label_count: number;
}

// --- labels ---

/** COCO RLE, column-major; `counts` compressed string (or uncompressed runs on input). */
export interface Rle {
  size: [number, number];
  counts: string | number[];
}

export type AttributeValue = string | number | string[] | null;

export interface LabelObject {
  id: number;
  class: number;
  mask: Rle;
  attributes: Record<string, AttributeValue>;
  area: number;
  bbox: [number, number, number, number];
}

export type LabelStatus = "draft" | "submitted";

export interface Label {
  id: number;
  asset: number;
  author: UserRef;
  revision: number;
  status: LabelStatus;
  ontology_version: number;
  objects: LabelObject[];
  classifications: Record<string, AttributeValue>;
  time_spent_s: number;
  created_at: string;
  updated_at: string;
}

export interface LabelObjectInput {
  class: number;
  mask: Rle;
  attributes: Record<string, AttributeValue>;
}

export interface LabelInput {
  objects: LabelObjectInput[];
  classifications: Record<string, AttributeValue>;
  status: LabelStatus;
  time_spent_s: number;
}

export interface LabelUpdate extends LabelInput {
  revision: number;
}

// --- jobs ---

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface Job {
  id: number;
  kind: string;
  status: JobStatus;
  progress: { done: number; total: number };
  error: string | null;
  result: unknown;
  created_at: string;
  finished_at: string | null;
  /** Who started it (null: the platform, e.g. a thumbnail or retraining job). */
  created_by?: number | null;
}

export function isJobFinished(job: Pick<Job, "status">): boolean {
  return job.status === "succeeded" || job.status === "failed" || job.status === "cancelled";
}
