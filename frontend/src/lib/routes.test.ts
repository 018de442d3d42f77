import { describe, expect, it } from "vitest";
import { matchRoute, needsEmailVerification, paths, PUBLIC_ROUTES, safeNext } from "./routes";

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

describe("account pages", () => {
  it("matches the signed-out pages and keeps them public", () => {
    for (const [path, name] of [["/signup", "signup"], ["/forgot-password", "forgotPassword"],
      ["/reset-password", "resetPassword"], ["/verify-email", "verifyEmail"]] as const) {
      expect(matchRoute(path)).toEqual({ name });
      expect(PUBLIC_ROUTES.has(name)).toBe(true);
    }
  });

  it("keeps the account and people pages behind sign-in", () => {
    expect(matchRoute(paths.account())).toEqual({ name: "account" });
    expect(matchRoute(paths.people())).toEqual({ name: "people" });
    expect(PUBLIC_ROUTES.has("account")).toBe(false);
    expect(PUBLIC_ROUTES.has("people")).toBe(false);
  });
});

describe("the verify-your-e-mail banner", () => {
  it("asks only a user with an address that is not verified", () => {
    expect(needsEmailVerification({ email: "a@example.com", email_verified: false })).toBe(true);
    expect(needsEmailVerification({ email: "a@example.com", email_verified: true })).toBe(false);
    expect(needsEmailVerification({ email: "", email_verified: false })).toBe(false);
    expect(needsEmailVerification(null)).toBe(false);
    expect(needsEmailVerification(undefined)).toBe(false);
  });
});
