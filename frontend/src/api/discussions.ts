// Comment threads on an asset (docs/api.md, "Comment threads").
import { api } from "./client";
import type { UserRef } from "./types";

export interface ThreadComment {
  id: number;
  author: UserRef;
  body: string;
  mentions: UserRef[];
  created_at: string;
}

export interface Thread {
  id: number;
  project: number;
  asset: number;
  label: number | null;
  /** A pinned point in image pixels, or null. */
  x: number | null;
  y: number | null;
  status: "open" | "resolved";
  created_by: UserRef;
  created_at: string;
  resolved_by: UserRef | null;
  resolved_at: string | null;
  comments: ThreadComment[];
}

export interface NewThread {
  body: string;
  label?: number | null;
  x?: number | null;
  y?: number | null;
}

export function listAssetThreads(assetId: number, signal?: AbortSignal): Promise<Thread[]> {
  return api.get(`/assets/${assetId}/threads`, { signal });
}

export function createThread(assetId: number, thread: NewThread): Promise<Thread> {
  return api.post(`/assets/${assetId}/threads`, thread);
}

export function replyToThread(threadId: number, body: string): Promise<Thread> {
  return api.post(`/threads/${threadId}/comments`, { body });
}

export function setThreadResolved(threadId: number, resolved: boolean): Promise<Thread> {
  return api.post(`/threads/${threadId}/${resolved ? "resolve" : "reopen"}`);
}
