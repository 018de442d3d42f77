import { describe, expect, it } from "vitest";
import { matchRoute, paths, safeNext } from "./routes";

describe("matchRoute", () => {
  it("matches every page Django serves index.html for", () => {
    expect(matchRoute("/")).toEqual({ name: "projects" });
    expect(matchRoute("/projects")).toEqual({ name: "projects" });
    expect(matchRoute("/invitations")).toEqual({ name: "invitations" });
    expect(matchRoute("/login")).toEqual({ name: "login" });
    expect(matchRoute("/projects/5")).toEqual({ name: "project", projectId: 5 });
    expect(matchRoute("/projects/5/settings")).toEqual({ name: "projectSettings", projectId: 5 });
    expect(matchRoute("/projects/5/assets/12")).toEqual({ name: "asset", projectId: 5, assetId: 12 });
    expect(matchRoute("/projects/5/assets/12/label")).toEqual({ name: "label", projectId: 5, assetId: 12 });
  });

  it("ignores a trailing slash", () => {
    expect(matchRoute("/projects/5/")).toEqual({ name: "project", projectId: 5 });
  });

  it("answers notFound for anything else", () => {
    expect(matchRoute("/projects/abc")).toEqual({ name: "notFound" });
    expect(matchRoute("/nope")).toEqual({ name: "notFound" });
  });

  it("round-trips the path builders", () => {
    expect(matchRoute(paths.asset(3, 4))).toEqual({ name: "asset", projectId: 3, assetId: 4 });
    expect(matchRoute(paths.label(3, 4))).toEqual({ name: "label", projectId: 3, assetId: 4 });
    expect(matchRoute(paths.projectSettings(9))).toEqual({ name: "projectSettings", projectId: 9 });
  });
});

describe("safeNext", () => {
  it("keeps same-site paths", () => {
    expect(safeNext("/projects/5?status=new")).toBe("/projects/5?status=new");
  });

  it("refuses other sites, protocol-relative urls and the login page", () => {
    expect(safeNext("https://evil.example/")).toBe("/");
    expect(safeNext("//evil.example/")).toBe("/");
    expect(safeNext("/login?next=/x")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });

  it("is what paths.login encodes", () => {
    const url = new URL(paths.login("/projects/5?page=2"), "http://x");
    expect(safeNext(url.searchParams.get("next"))).toBe("/projects/5?page=2");
  });
});
