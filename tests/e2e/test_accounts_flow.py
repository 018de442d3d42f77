"""Accounts in Chromium: a manager invites an address by e-mail, the e-mailed link signs the person up
into the project with the invited role; a password is reset through the e-mailed link.

The web server sends e-mail through the console backend (the embedded default), so the links are read
from its log, where a person would read them from their mailbox.
"""

import re
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.e2e.browser import browser_page, log_in
from tests.stack.processes import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.own_stack]  # mails in web.log

NEW_PASSWORD = "a long new passphrase"


def _mailed_link(log: Path, pattern: str) -> str:
    """The last link of this kind the web server's console e-mail backend printed."""
    found: list[str] = []

    def printed() -> bool:
        found[:] = re.findall(pattern, log.read_text(errors="replace"))
        return bool(found)

    wait_until(printed, 20, f"an e-mailed link matching {pattern}")
    return found[-1]


def test_invited_by_email_signs_up_from_the_link_and_sees_the_project(stack_url, project, tmp_path):
    with browser_page(tmp_path) as page:
        # given the manager on the project's settings, inviting an address with no account as reviewer
        log_in(page, stack_url, "manager", f"/projects/{project.id}/settings?tab=members")
        page.get_by_test_id("member-username").fill("ana@example.com")
        page.get_by_test_id("member-role").select_option("reviewer")
        page.get_by_test_id("member-add").click()
        page.get_by_test_id("member-sent").wait_for(timeout=20_000)
        pending = page.get_by_test_id("pending-invitation").filter(has_text="ana@example.com")
        pending.wait_for(timeout=20_000)
        assert "reviewer" in pending.inner_text()
        page.get_by_test_id("logout").click()
        page.get_by_test_id("login-form").wait_for()

        # when ana opens the e-mailed link and makes her account
        link = _mailed_link(tmp_path / "web.log", r"http://[\w.:]+/signup\?token=[\w-]+")
        page.goto(link)
        assert "Streets" in page.get_by_test_id("signup-invitation").inner_text(timeout=20_000)
        assert "reviewer" in page.get_by_test_id("signup-invitation").inner_text()
        page.get_by_test_id("signup-username").fill("ana")
        page.get_by_test_id("signup-password").fill(NEW_PASSWORD)
        page.get_by_test_id("signup-password-again").fill(NEW_PASSWORD)
        page.get_by_test_id("signup-submit").click()

        # then she is signed in, on the project, with the invited role
        page.wait_for_url(f"**/projects/{project.id}", timeout=20_000)
        assert page.get_by_test_id("header-username").inner_text(timeout=20_000).startswith("ana")
        page.goto(f"{stack_url}/")
        card = page.get_by_test_id("project-card").filter(has_text=project.name)
        assert "reviewer" in card.inner_text(timeout=20_000)


def test_a_password_is_reset_through_the_emailed_link(stack_url, users, tmp_path):
    users["labeler"].email = "lab@example.com"
    users["labeler"].save()
    with browser_page(tmp_path) as page:
        # given the labeler who forgot their password asks for a link
        page.goto(f"{stack_url}/login")
        page.get_by_test_id("login-forgot").click()
        page.get_by_test_id("forgot-email").fill("lab@example.com")
        page.get_by_test_id("forgot-submit").click()
        page.get_by_test_id("forgot-sent").wait_for(timeout=20_000)

        # when they open the e-mailed link and choose a new password
        link = _mailed_link(tmp_path / "web.log", r"http://[\w.:]+/reset-password\?uid=[\w-]+&token=[\w-]+")
        page.goto(link)
        page.get_by_test_id("reset-password").fill(NEW_PASSWORD)
        page.get_by_test_id("reset-password-again").fill(NEW_PASSWORD)
        page.get_by_test_id("reset-submit").click()
        page.get_by_test_id("reset-done").wait_for(timeout=20_000)

        # then the old password no longer signs in, and the new one does
        page.goto(f"{stack_url}/login")
        page.get_by_test_id("login-username").fill("labeler")
        page.get_by_test_id("login-password").fill(PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.get_by_test_id("login-form").get_by_text("wrong username or password").wait_for(timeout=20_000)
        page.get_by_test_id("login-password").fill(NEW_PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.get_by_test_id("header-username").wait_for(timeout=20_000)
        assert page.get_by_test_id("header-username").inner_text().startswith("labeler")


def test_an_unverified_address_is_verified_from_the_banner_and_the_emailed_link(stack_url, users, tmp_path):
    users["outsider"].email = "out@example.com"
    users["outsider"].save()
    with browser_page(tmp_path) as page:
        # given a user whose address is not verified: the banner says invitations to it wait
        log_in(page, stack_url, "outsider", "/")
        banner = page.get_by_test_id("verify-email-banner")
        assert "out@example.com" in banner.inner_text(timeout=20_000)

        # when they ask for the link and open it
        page.get_by_test_id("verify-email-send").click()
        banner.get_by_text("A link is on its way").wait_for(timeout=20_000)
        page.goto(_mailed_link(tmp_path / "web.log", r"http://[\w.:]+/verify-email\?token=[\w:-]+"))
        page.get_by_test_id("verify-email-done").wait_for(timeout=20_000)

        # then the address is verified and the banner is gone
        page.goto(f"{stack_url}/invitations")
        page.get_by_test_id("invitations-page").wait_for(timeout=20_000)
        assert page.get_by_test_id("verify-email-banner").count() == 0
