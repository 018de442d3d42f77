// The customer's own S3-compatible buckets as image sources of a project (managers only; docs/api.md).
import { api } from "./client";
import type { Job } from "./types";

export interface BucketSource {
  id: number;
  project: number;
  name: string;
  endpoint_url: string;
  bucket: string;
  prefix: string;
  region: string;
  access_key_id: string;
  created_at: string;
  object_count: number;
  missing_count: number;
  last_sync: Job | null;
}

/** What attaching takes: the source's own fields and the secret, which is write-only (stored
 * encrypted, never answered). */
export type BucketAttach = Pick<BucketSource, "name" | "endpoint_url" | "bucket" | "prefix" | "region" | "access_key_id"> & {
  secret_access_key: string;
};

/** A bucket_sync job's result (labelplatform/buckets/sync.py). */
export interface SyncResult {
  listed: number;
  registered: number;
  not_images: number;
  skipped: number;
  skipped_keys: { key: string; reason: string }[];
  capped: boolean;
  complete: boolean;
  missing: number;
  changed: number;
}

export function listBuckets(projectId: number, signal?: AbortSignal): Promise<BucketSource[]> {
  return api.get(`/projects/${projectId}/buckets`, { signal });
}

export function attachBucket(projectId: number, body: BucketAttach): Promise<BucketSource> {
  return api.post(`/projects/${projectId}/buckets`, body);
}

export function syncBucket(id: number): Promise<Job> {
  return api.post(`/buckets/${id}/sync`);
}

export function detachBucket(id: number, deleteAssets: boolean): Promise<null> {
  return api.delete(`/buckets/${id}`, { query: { delete_assets: deleteAssets ? "true" : "false" } });
}
