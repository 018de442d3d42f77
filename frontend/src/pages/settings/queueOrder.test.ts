import { describe, expect, it } from "vitest";
import { queueOrderOf, withQueueOrder } from "./queueOrder";

const base = { labels_per_asset: 1, review_fraction: 0.1 };

describe("queue order setting", () => {
  it("reads the setting, another value as the manager's own order", () => {
    expect(queueOrderOf(base)).toBe("");
    expect(queueOrderOf({ ...base, priority: "least_confident" })).toBe("least_confident");
    expect(queueOrderOf({ ...base, priority: "manual" })).toBe("manual");
  });

  it("writes the order, the default as an empty setting (a key left out would keep the old one)", () => {
    expect(withQueueOrder(base, "least_confident")).toEqual({ ...base, priority: "least_confident" });
    expect(withQueueOrder({ ...base, priority: "manual" }, "")).toEqual({ ...base, priority: "" });
  });
});
