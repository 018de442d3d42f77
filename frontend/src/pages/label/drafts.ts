// Unsaved work kept in localStorage, per asset and user, until the server has it.
import type { AttributeValue, Label, LabelObjectInput } from "../../api/types";

export interface Draft {
  /** Client clock (ms) when the draft was written. */
  readonly savedAt: number;
  /** The label and revision the edit started from (null: not created yet). */
  readonly labelId: number | null;
  readonly baseRevision: number | null;
  readonly objects: LabelObjectInput[];
  readonly classifications: Record<string, AttributeValue>;
}

/** The part of Storage drafts need (window.localStorage, or a Map-backed fake in tests). */
export type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export function draftKey(userId: number, assetId: number, fixingLabelId: number | null = null): string {
  // A reviewer fixing someone's label keeps that draft apart from a label of their own.
  const base = `labelplatform:draft:${userId}:${assetId}`;
  return fixingLabelId ? `${base}:fix:${fixingLabelId}` : base;
}

function isDraft(value: unknown): value is Draft {
  if (!value || typeof value !== "object") return false;
  const d = value as Record<string, unknown>;
  return typeof d.savedAt === "number" && Array.isArray(d.objects) && typeof d.classifications === "object";
}

export class DraftStore {
  /** Set when the last write failed (quota): the UI says the draft is not kept. */
  lastError: string | null = null;

  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly key: string,
  ) {}

  load(): Draft | null {
    try {
      const raw = this.storage?.getItem(this.key);
      if (!raw) return null;
      const parsed: unknown = JSON.parse(raw);
      return isDraft(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }

  save(draft: Draft): void {
    if (!this.storage) return;
    try {
      this.storage.setItem(this.key, JSON.stringify(draft));
      this.lastError = null;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
    }
  }

  clear(): void {
    try {
      this.storage?.removeItem(this.key);
    } catch {
      // nothing to keep
    }
  }
}

/** Restore the draft when it is newer than what the server holds. */
export function draftToRestore(draft: Draft | null, server: Pick<Label, "updated_at"> | null): Draft | null {
  if (!draft) return null;
  if (!server) return draft;
  const serverTime = Date.parse(server.updated_at);
  return Number.isNaN(serverTime) || draft.savedAt > serverTime ? draft : null;
}
