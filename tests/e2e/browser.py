"""Debian's Chromium driven by Playwright (no downloaded browser), against the real stack."""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections

from tests.stack.processes import ROOT


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        message = "needs Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def require_frontend_build() -> None:
    if not (ROOT / "frontend" / "dist" / "index.html").exists():
        pytest.fail("frontend is not built: run scripts/install (npm run build in frontend/)")


@contextmanager
def browser_page(screenshots: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        try:
            yield page
        except Exception:
            page.screenshot(path=str(screenshots / "failure.png"))
            raise
        finally:
            browser.close()
            # Under Playwright's event loop Django keeps connections per context: one the test opened in
            # this block would outlive it, and the test database could not be dropped at the session's end.
            connections.close_all()


def log_in(page, base: str, username: str, next_path: str = "") -> None:  # type: ignore[no-untyped-def]
    """Log in through the login page (the fixed users' password); lands on `next_path` or the project list."""
    from tests.conftest import PASSWORD

    page.goto(f"{base}/login" + (f"?next={next_path}" if next_path else ""))
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()


def image_origin(page) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Where image pixel (0, 0) is on screen, once the stage stopped moving: a bar shown above or over the
    stage moves or shrinks it, and the editor hears of that one frame later."""
    page.wait_for_function("""(() => {
      const r = document.querySelector("[data-testid='label-stage']").getBoundingClientRect();
      const seen = [r.top, r.left, r.width, r.height].join(",");
      const settled = window.__stageSeen === seen;
      window.__stageSeen = seen;
      return settled;
    })()""", polling=150)
    stage = page.get_by_test_id("label-stage").bounding_box()
    zoom = page.get_by_test_id("label-zoom")
    return (stage["x"] + float(zoom.get_attribute("data-offset-x")),
            stage["y"] + float(zoom.get_attribute("data-offset-y")))
