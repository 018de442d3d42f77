import { describe, expect, it } from "vitest";
import { looksUnauthenticated, apiUrl } from "./client";
import { readCookie } from "./csrf";
import { ApiError, NotReadyError } from "./errors";

describe("ApiError", () => {
  it("uses the detail as message and keeps field messages", () => {
    const err = new ApiError(400, { detail: "name: required", name: ["required"], settings: { review_fraction: ["too big"] } });
    expect(err.message).toBe("name: required");
    expect(err.fields).toEqual({ name: ["required"], "settings.review_fraction": ["too big"] });
    expect(err.messages()).toEqual(["name: required", "settings.review_fraction: too big"]);
  });

  it("names list items by index and skips empty ones", () => {
    const err = new ApiError(400, { classes: [{}, { name: ["blank"] }] });
    expect(err.fields).toEqual({ "classes[1].name": ["blank"] });
    expect(err.message).toBe("classes[1].name: blank");
  });

  it("does not treat the 409 `current` object as messages", () => {
    const err = new ApiError(409, { detail: "stale revision", current: { id: 1, revision: 3 } });
    expect(err.messages()).toEqual(["stale revision"]);
  });

  it("falls back to the status text for non-JSON answers", () => {
    expect(new ApiError(502, null, "Bad Gateway").message).toBe("Bad Gateway");
  });
});

describe("NotReadyError", () => {
  it("names the job of a 202 and keeps its detail", () => {
    const err = new NotReadyError({ detail: "the proposals of asset 3 are being computed by job 9", job: 9 });
    expect(err.jobId).toBe(9);
    expect(err.detail).toBe("the proposals of asset 3 are being computed by job 9");
  });

  it("has no job when the body names none", () => {
    expect(new NotReadyError("not json").jobId).toBeNull();
    expect(new NotReadyError({ detail: "x", job: "9" }).jobId).toBeNull();
  });
});

describe("looksUnauthenticated", () => {
  it("treats 401 and DRF's anonymous 403 as logged out, not a role refusal", () => {
    expect(looksUnauthenticated(401, "")).toBe(true);
    expect(looksUnauthenticated(403, "Authentication credentials were not provided.")).toBe(true);
    expect(looksUnauthenticated(403, "your role 'viewer' may not do this in project 3")).toBe(false);
    expect(looksUnauthenticated(404, "not found")).toBe(false);
  });
});

describe("apiUrl", () => {
  it("prefixes the api root and drops empty query values", () => {
    expect(apiUrl("/projects/1/assets", { status: "", page: 2, x: undefined })).toBe("/api/v1/projects/1/assets?page=2");
    expect(apiUrl("/api/v1/jobs/3")).toBe("/api/v1/jobs/3");
  });
});

describe("readCookie", () => {
  it("finds a cookie among others", () => {
    expect(readCookie("csrftoken", "sessionid=abc; csrftoken=t%3Dok; other=1")).toBe("t=ok");
    expect(readCookie("csrftoken", "sessionid=abc")).toBeNull();
  });
});
