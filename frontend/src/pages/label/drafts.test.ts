import { describe, expect, it } from "vitest";
import { type Draft, DraftStore, type KeyValueStorage, draftKey, draftToRestore } from "./drafts";

function memoryStorage(): KeyValueStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k),
  };
}

const draft: Draft = { savedAt: Date.parse("2024-05-01T10:00:05Z"), labelId: 4, baseRevision: 2, objects: [], classifications: { weather: "sun" } };

describe("DraftStore", () => {
  it("keeps one draft per user and asset", () => {
    const storage = memoryStorage();
    const mine = new DraftStore(storage, draftKey(3, 7));
    mine.save(draft);
    expect(new DraftStore(storage, draftKey(3, 7)).load()).toEqual(draft);
    expect(new DraftStore(storage, draftKey(4, 7)).load()).toBeNull();
    expect(new DraftStore(storage, draftKey(3, 8)).load()).toBeNull();
    mine.clear();
    expect(mine.load()).toBeNull();
  });

  it("ignores unreadable entries and reports a full storage", () => {
    const storage = memoryStorage();
    storage.setItem(draftKey(1, 1), "{not json");
    expect(new DraftStore(storage, draftKey(1, 1)).load()).toBeNull();
    storage.setItem(draftKey(1, 1), JSON.stringify({ objects: "x" }));
    expect(new DraftStore(storage, draftKey(1, 1)).load()).toBeNull();
    const full = new DraftStore({ ...storage, setItem: () => { throw new Error("QuotaExceededError"); } }, draftKey(1, 1));
    full.save(draft);
    expect(full.lastError).toContain("Quota");
  });
});

describe("draftToRestore", () => {
  it("restores a draft newer than the server's label, or when there is none", () => {
    expect(draftToRestore(draft, { updated_at: "2024-05-01T10:00:00Z" })).toBe(draft);
    expect(draftToRestore(draft, null)).toBe(draft);
  });

  it("drops a draft older than the server's label", () => {
    expect(draftToRestore(draft, { updated_at: "2024-05-01T10:00:06Z" })).toBeNull();
    expect(draftToRestore(null, { updated_at: "2024-05-01T10:00:06Z" })).toBeNull();
  });
});

describe("draft keys", () => {
  it("keeps a fix of someone else's label apart from the user's own draft", () => {
    expect(draftKey(3, 7)).toBe("labelplatform:draft:3:7");
    expect(draftKey(3, 7, 12)).toBe("labelplatform:draft:3:7:fix:12");
    expect(draftKey(3, 7, 12)).not.toBe(draftKey(3, 7));
  });
});
