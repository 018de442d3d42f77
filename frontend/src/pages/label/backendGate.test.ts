import { describe, expect, it } from "vitest";
import { BackendGate } from "./backendGate";

describe("BackendGate", () => {
  it("holds requests until the backend is known, then asks once for them", () => {
    const gate = new BackendGate(false);
    expect(gate.pass()).toBe(false);
    expect(gate.pass()).toBe(false);
    expect(gate.open()).toBe(true);
    expect(gate.pass()).toBe(true);
    expect(gate.open()).toBe(false);
  });

  it("asks nothing again when no request came before the list", () => {
    const gate = new BackendGate(false);
    expect(gate.open()).toBe(false);
    expect(gate.pass()).toBe(true);
  });

  it("lets every request through when the labeler's choice is stored", () => {
    const gate = new BackendGate(true);
    expect(gate.pass()).toBe(true);
    expect(gate.open()).toBe(false);
  });
});
