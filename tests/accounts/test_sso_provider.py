"""Single sign-on against a real OpenID Connect provider (django-oidc-provider in a second process,
tests/stack/oidc.py): the whole authorization-code flow through HTTP, as a browser walks it, with the
platform on Django's live server."""

from collections.abc import Iterator

import pytest
import requests
from django.contrib.auth.models import User

from labelplatform.accounts.models import OidcIdentity
from labelplatform.accounts.verification import verified_address, verified_mark
from labelplatform.projects.models import Membership, Project, Role
from labelplatform.projects.services import member_set, project_create
from tests.stack.oidc import Provider, oidc_provider, signed_in_as, sso_login

pytestmark = pytest.mark.django_db(transaction=True)

PROVIDER_USERS = {"ana": "ana@example.test", "bob": "bob@example.test", "cat": "cat@example.test",
                  "dan": "dan@example.test", "eli": "eli@example.test"}


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory) -> Iterator[Provider]:  # type: ignore[no-untyped-def]
    with oidc_provider(tmp_path_factory.mktemp("oidc"), f"{live_server.url}/api/v1/auth/oidc/callback/",
                       PROVIDER_USERS) as running:
        yield running


@pytest.fixture
def site(live_server, provider, settings) -> str:  # type: ignore[no-untyped-def]
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    return str(live_server.url)


@pytest.fixture
def projects(db) -> dict[str, Project]:  # type: ignore[no-untyped-def]
    owner = User.objects.create_user("owner", password="owner passphrase")
    made = {name: project_create(user=owner, name=name) for name in ("cars", "roads")}
    return made


@pytest.fixture
def group_roles(settings, projects) -> None:  # type: ignore[no-untyped-def]
    settings.OIDC_GROUP_ROLES = {
        "annotators": [{"project": projects["cars"].pk, "role": "labeler"}],
        "leads": [{"project": projects["cars"].pk, "role": "reviewer"},
                  {"project": projects["roads"].pk, "role": "viewer"}],
    }
    settings.OIDC_STAFF_GROUPS = ["admins"]


def role_of(user: User, project: Project) -> str | None:
    membership = Membership.objects.filter(user=user, project=project).first()
    return None if membership is None else membership.role


def test_the_first_login_makes_the_account_with_the_role_its_group_maps_to(site, provider, projects, group_roles):
    provider.profile("ana", email_verified=True, groups=["annotators"])

    browser, landed = sso_login(site, "ana", next_path="/projects")

    assert landed == "/projects"
    assert signed_in_as(site, browser) == "ana"
    ana = User.objects.get(username="ana")
    assert (ana.email, ana.is_staff, ana.has_usable_password()) == ("ana@example.test", False, False)
    assert verified_address(ana) == "ana@example.test"  # the provider vouched for it
    assert role_of(ana, projects["cars"]) == Role.LABELER
    assert role_of(ana, projects["roads"]) is None
    assert OidcIdentity.objects.get(user=ana).issuer == provider.issuer


def test_a_second_login_updates_the_account_and_a_removed_group_takes_its_role_back(
        site, provider, projects, group_roles):
    provider.profile("ana", email_verified=True, groups=["annotators"])
    sso_login(site, "ana")
    ana = User.objects.get(username="ana")
    member_set(project=projects["roads"], user=ana, role=Role.REVIEWER)  # a manager's own choice

    # Given the provider now puts ana in leads and admins instead of annotators
    provider.profile("ana", email_verified=True, groups=["leads", "admins"])
    browser, _ = sso_login(site, "ana")

    # Then the same account, now reviewer of cars and staff; the manager's role on roads stays
    assert signed_in_as(site, browser) == "ana"
    assert list(User.objects.filter(email="ana@example.test").values_list("pk", flat=True)) == [ana.pk]
    assert OidcIdentity.objects.filter(user=ana).count() == 1
    assert role_of(ana, projects["cars"]) == Role.REVIEWER
    assert role_of(ana, projects["roads"]) == Role.REVIEWER
    assert User.objects.get(pk=ana.pk).is_staff

    # When every group is gone, what single sign-on gave goes with it, and the manager's role stays
    provider.profile("ana", email_verified=True, groups=[])
    sso_login(site, "ana")
    assert role_of(ana, projects["cars"]) is None
    assert role_of(ana, projects["roads"]) == Role.REVIEWER
    assert not User.objects.get(pk=ana.pk).is_staff


def test_an_unverified_address_does_not_sign_in_to_the_account_that_has_it(site, provider, projects, group_roles):
    local = User.objects.create_user("bob-local", email="bob@example.test", password="local passphrase")
    verified_mark(local)
    provider.profile("bob", email_verified=False, groups=["leads"])

    browser, landed = sso_login(site, "bob")

    assert landed == "/login?sso_error=email_in_use"
    assert signed_in_as(site, browser) is None
    assert list(User.objects.filter(email__iexact="bob@example.test")) == [local]
    assert not OidcIdentity.objects.exists()
    assert role_of(local, projects["cars"]) is None


def test_a_verified_provider_address_does_not_take_an_account_whose_address_is_unproved(site, provider):
    # Someone made a local account with cat's address before cat ever signed in through the provider.
    squatter = User.objects.create_user("cat-squatter", email="cat@example.test", password="squatter passphrase")
    provider.profile("cat", email_verified=True, groups=[])

    browser, landed = sso_login(site, "cat")

    assert landed == "/login?sso_error=email_in_use"
    assert signed_in_as(site, browser) is None
    assert not OidcIdentity.objects.filter(user=squatter).exists()


def test_an_address_verified_on_both_sides_links_the_existing_account(site, provider):
    local = User.objects.create_user("dan", email="dan@example.test", password="local passphrase")
    verified_mark(local)
    provider.profile("dan", email_verified=True, groups=[])

    browser, _ = sso_login(site, "dan")

    assert signed_in_as(site, browser) == "dan"
    assert OidcIdentity.objects.get().user == local
    assert User.objects.filter(email="dan@example.test").count() == 1


def test_a_deactivated_user_is_refused_and_their_session_ends(site, provider):
    provider.profile("eli", email_verified=True, groups=[])
    browser, _ = sso_login(site, "eli")
    assert signed_in_as(site, browser) == "eli"

    User.objects.filter(username="eli").update(is_active=False)

    assert signed_in_as(site, browser) is None  # the session from single sign-on stops working
    again, landed = sso_login(site, "eli")
    assert landed == "/login?sso_error=inactive"
    assert signed_in_as(site, again) is None


def test_logout_ends_the_local_session(site, provider):
    provider.profile("ana", email_verified=True, groups=[])
    browser, _ = sso_login(site, "ana")
    csrf = browser.get(f"{site}/api/v1/auth/csrf", timeout=30).json()["csrf_token"]

    answer = browser.post(f"{site}/api/v1/auth/logout", headers={"X-CSRFToken": csrf, "Referer": site}, timeout=30)

    assert answer.status_code == 204
    assert signed_in_as(site, browser) is None


def test_a_callback_the_site_did_not_start_is_refused(site, provider):
    browser = requests.Session()
    browser.get(f"{site}/api/v1/auth/csrf", timeout=30)  # a session of its own, without a login started

    answer = browser.get(f"{site}/api/v1/auth/oidc/callback/?code=stolen&state=forged", timeout=30)

    assert answer.url.endswith("/login?sso_error=failed")
    assert signed_in_as(site, browser) is None
    assert not User.objects.filter(username__in=list(PROVIDER_USERS)).exists()


def test_the_login_page_is_told_about_the_provider(site, provider):
    assert requests.get(f"{site}/api/v1/auth/sso", timeout=30).json() == {
        "enabled": True, "name": "Test provider", "login_url": "/api/v1/auth/oidc/authenticate/"}
