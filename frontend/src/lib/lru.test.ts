import { describe, expect, it } from "vitest";
import { LruCache } from "./lru";

describe("LruCache", () => {
  it("evicts the least recently used beyond capacity and reports it", () => {
    const evicted: string[] = [];
    const lru = new LruCache<string, number>(2, (k) => evicted.push(k));
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1); // a is now the most recent
    lru.set("c", 3);
    expect(evicted).toEqual(["b"]);
    expect(lru.keys()).toEqual(["a", "c"]);
    expect(lru.get("b")).toBeUndefined();
  });

  it("skips kept entries when evicting", () => {
    const evicted: string[] = [];
    const lru = new LruCache<string, number>(2, (k) => evicted.push(k), (k) => k === "a");
    lru.set("a", 1);
    lru.set("b", 2);
    lru.set("c", 3);
    expect(evicted).toEqual(["b"]);
    expect(lru.has("a")).toBe(true);
  });

  it("evicts a replaced value and everything on clear", () => {
    const evicted: number[] = [];
    const lru = new LruCache<string, number>(3, (_, v) => evicted.push(v));
    lru.set("a", 1);
    lru.set("a", 2);
    lru.set("b", 3);
    lru.clear();
    expect(evicted).toEqual([1, 2, 3]);
    expect(lru.size).toBe(0);
  });

  it("refuses a capacity below one", () => {
    expect(() => new LruCache(0)).toThrow(/positive/);
  });
});
