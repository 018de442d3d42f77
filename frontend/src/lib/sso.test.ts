import { describe, expect, it } from "vitest";
import { ssoErrorMessage, ssoHref } from "./sso";

describe("ssoHref", () => {
  it("adds the page to come back to, encoded", () => {
    expect(ssoHref("/api/v1/auth/oidc/authenticate/", "/projects/3?tab=a&b=c")).toBe(
      "/api/v1/auth/oidc/authenticate/?next=%2Fprojects%2F3%3Ftab%3Da%26b%3Dc",
    );
  });

  it("leaves the home page out", () => {
    expect(ssoHref("/api/v1/auth/oidc/authenticate/", "/")).toBe("/api/v1/auth/oidc/authenticate/");
  });
});

describe("ssoErrorMessage", () => {
  it("explains each refusal", () => {
    expect(ssoErrorMessage("inactive")).toMatch(/deactivated/);
    expect(ssoErrorMessage("email_in_use")).toMatch(/verify the address/);
    expect(ssoErrorMessage("no_account")).toMatch(/no account/);
  });

  it("has a general message for anything else, and none without a code", () => {
    expect(ssoErrorMessage("failed")).toMatch(/did not work/);
    expect(ssoErrorMessage("<script>")).toMatch(/did not work/);
    expect(ssoErrorMessage(null)).toBeNull();
  });
});
