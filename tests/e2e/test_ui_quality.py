"""Quality gates for the UI: every page, for every role, passes axe-core with no serious or critical violation,
in the light and the dark colour scheme, and a normal walk logs no console error and throws no page error.

axe-core is the pinned npm package; its axe.min.js is injected from frontend/node_modules (no CDN)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections, transaction

from labelplatform.assets.services import assets_upload
from labelplatform.flows.label_save import label_create
from labelplatform.labels.services import LabelBody
from tests.conftest import PASSWORD, image_bytes
from tests.e2e.browser import chromium_path
from tests.e2e.test_review_flow import HEIGHT, WIDTH, car_body
from tests.stack.processes import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path("/tmp/lp-quality")
ROLES = ("manager", "reviewer", "labeler", "viewer")
DARK_ROLES = ("manager", "labeler")  # the most controls (manager) and the editor at work (labeler); kept short
# Serious and critical violations of the WCAG 2.x A/AA rules and axe's best practices, as (rule, targets).
# In the dark scheme only the colour rules are run again: the others do not depend on the scheme.
RUN_AXE = """async (rules) => {
  const options = {resultTypes: ["violations"]};
  if (rules) options.runOnly = {type: "rule", values: rules};
  const result = await axe.run(document, options);
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({rule: v.id, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}));
}"""


# The pages load their data with fetch (no lazy routes, no XHR but uploads): counting the fetches in flight
# says when a page has its data 150 ms after the last answer, where Playwright's "networkidle" waits 500 ms
# of silence on each of 72 pages.
COUNT_FETCHES = """(() => {
  let pending = 0;
  const fetch = window.fetch.bind(window);
  window.fetch = (...args) => {
    pending += 1;
    return fetch(...args).finally(() => { pending -= 1; window.__fetchDoneAt = performance.now(); });
  };
  Object.defineProperty(window, "__fetchesPending", { get: () => pending });
})()"""
SETTLED = """() => document.readyState === "complete" && window.__fetchesPending === 0
  && performance.now() - (window.__fetchDoneAt || 0) > 150 && !document.querySelector(".spinner")"""


def settle(page) -> None:  # type: ignore[no-untyped-def]
    """Waits until the page's requests are done and no spinner says it is still loading. A page without the
    fetch counter (another test's, calling check) waits for Playwright's network idle."""
    if page.evaluate("() => window.__fetchesPending === undefined"):
        page.wait_for_load_state("networkidle")
        page.wait_for_function("() => !document.querySelector('.spinner')", timeout=20_000)
    else:
        page.wait_for_function(SETTLED, timeout=20_000)


def check(page, where: str, rules: list[str] | None, found: list[str]) -> None:  # type: ignore[no-untyped-def]
    settle(page)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    for violation in page.evaluate(RUN_AXE, rules):
        found.append(f"{where}: {violation['rule']} ({violation['help']}) at {violation['targets']}")


def walk(browser, base: str, role: str, scheme: str, pages: dict[str, str], found: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Logs in as `role` in a fresh context and checks each page; console errors and page errors go to `found`."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    context.add_init_script(COUNT_FETCHES)
    page = context.new_page()
    rules = ["color-contrast", "link-in-text-block"] if scheme == "dark" else None
    page.on("console", lambda m: m.type == "error" and found.append(
        f"{role}/{scheme} console error on {page.url}: {m.text}"))
    page.on("pageerror", lambda e: found.append(f"{role}/{scheme} page error on {page.url}: {e}"))
    try:
        page.goto(f"{base}/login")
        page.get_by_test_id("login-username").wait_for(timeout=20_000)
        check(page, f"{role}/{scheme} login", rules, found)
        page.get_by_test_id("login-username").fill(role)
        page.get_by_test_id("login-password").fill(PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.locator(".app-header").wait_for(timeout=20_000)
        for name, path in pages.items():
            page.goto(base + path)
            check(page, f"{role}/{scheme} {name}", rules, found)
            if role == "manager":
                page.screenshot(path=str(SHOTS / f"{scheme}-{name}.png"))
    finally:
        context.close()


def test_every_page_passes_axe_for_every_role_in_both_schemes_without_console_errors(stack_url, project, users):
    from playwright.sync_api import sync_playwright

    # given a project under review with three images, one labelled and waiting for review
    assert AXE.exists(), "axe-core is not installed: npm ci in frontend/"
    SHOTS.mkdir(exist_ok=True)
    project.settings = {**project.settings, "review_fraction": 1.0}
    project.save(update_fields=["settings"])
    with transaction.atomic():
        labelled, unlabelled, _ = assets_upload(project=project, user=users["manager"], files=[
            SimpleUploadedFile(f"0016E5_0{n}.png", image_bytes(WIDTH, HEIGHT)) for n in (7901, 7902, 7903)])
    label_create(asset=labelled, user=users["labeler"], body=LabelBody(**car_body()))
    p = f"/projects/{project.pk}"
    pages = {
        "projects": "/", "project": p, "settings": f"{p}/settings", "datasets": f"{p}/datasets",
        "stats": f"{p}/stats", "review": f"{p}/review", "editor": f"{p}/assets/{unlabelled.pk}/label",
        "image": f"{p}/assets/{labelled.pk}", "invitations": "/invitations", "people": "/people",
        "account": "/account",
    }
    found: list[str] = []

    # when each role walks every page, in light and then in dark
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            for role in ROLES:
                walk(browser, stack_url, role, "light", pages, found)
            for role in DARK_ROLES:
                walk(browser, stack_url, role, "dark", pages, found)
        finally:
            browser.close()
            connections.close_all()  # Playwright's loop kept this thread's connections (see browser.browser_page)

    # then axe finds nothing serious and the console stayed clean
    assert found == [], "\n".join(found)
