"""Single sign-on's settings and the parts that need no provider (test_sso_provider.py walks the flow)."""

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from labelplatform.accounts.models import OidcIdentity
from labelplatform.flows.sso import SsoClaims, SsoRefused, sso_sign_in
from labelplatform.flows.sso_backend import claims_of
from labelplatform.oidc_settings import oidc_endpoints, oidc_group_roles
from labelplatform.projects.models import Membership, Role
from labelplatform.projects.services import project_create


def test_it_is_off_without_configuration(db):
    client = APIClient()
    assert client.get("/api/v1/auth/sso").json() == {"enabled": False, "name": "", "login_url": ""}
    assert client.get("/api/v1/auth/oidc/authenticate/").status_code == 404
    assert client.get("/api/v1/auth/oidc/callback/?code=a&state=b").status_code == 404


def test_a_client_id_needs_every_endpoint(monkeypatch):
    monkeypatch.setenv("OIDC_OP_AUTHORIZATION_ENDPOINT", "https://id.example/authorize")
    with pytest.raises(ValueError, match="OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_USER_ENDPOINT, OIDC_OP_JWKS_ENDPOINT"):
        oidc_endpoints("labelplatform")
    assert oidc_endpoints("")["OIDC_OP_AUTHORIZATION_ENDPOINT"] == "https://id.example/authorize"


def test_group_roles_take_one_grant_or_a_list(monkeypatch):
    monkeypatch.setenv("OIDC_GROUP_ROLES", '{"a": {"project": 3, "role": "labeler"},'
                                           ' "b": [{"project": "4", "role": "manager"}]}')
    assert oidc_group_roles("OIDC_GROUP_ROLES") == {"a": [{"project": 3, "role": "labeler"}],
                                                    "b": [{"project": 4, "role": "manager"}]}


@pytest.mark.parametrize(("value", "message"), [
    ("{not json", "must be JSON"),
    ('["a"]', "JSON object"),
    ('{"a": {"project": 3}}', "must be"),
    ('{"a": {"project": "cars", "role": "labeler"}}', "project id"),
    ('{"a": {"project": 3, "role": "owner"}}', "role must be one of"),
])
def test_a_bad_group_mapping_fails_at_start_up(monkeypatch, value, message):
    monkeypatch.setenv("OIDC_GROUP_ROLES", value)
    with pytest.raises(ValueError, match=message):
        oidc_group_roles("OIDC_GROUP_ROLES")


def test_claims_read_verified_as_a_string_and_groups_by_a_dotted_path(settings):
    settings.OIDC_GROUPS_CLAIM = "realm_access.roles"
    claims = claims_of({"iss": "https://id.example", "sub": "42"},
                       {"sub": "42", "email": "A@Example.test", "email_verified": "true",
                        "realm_access": {"roles": ["annotators", 7, None]}})
    assert claims == SsoClaims(issuer="https://id.example", subject="42", email="A@Example.test",
                               email_verified=True, groups=("annotators", "7"))
    assert not claims_of({"iss": "x", "sub": "1"}, {"sub": "1", "email_verified": "no"}).email_verified


def test_a_new_account_gets_a_free_valid_user_name(db):
    User.objects.create_user("ana")
    made = sso_sign_in(claims=SsoClaims(issuer="https://id.example", subject="1", username="ana"))
    assert made.username == "ana-2"
    odd = sso_sign_in(claims=SsoClaims(issuer="https://id.example", subject="2", email="d o/n@example.test"))
    assert odd.username == "don"


def test_no_account_is_made_when_creating_accounts_is_off(db, settings):
    settings.OIDC_CREATE_USER = False
    with pytest.raises(SsoRefused) as refused:
        sso_sign_in(claims=SsoClaims(issuer="https://id.example", subject="1", email="new@example.test"))
    assert refused.value.code == "no_account"
    assert not User.objects.filter(email="new@example.test").exists()


def test_the_highest_role_wins_and_a_last_manager_stays_one(db, settings):
    owner = User.objects.create_user("owner")
    project = project_create(user=owner, name="cars")
    settings.OIDC_GROUP_ROLES = {"annotators": [{"project": project.pk, "role": "labeler"}],
                                 "leads": [{"project": project.pk, "role": "manager"}]}
    claims = SsoClaims(issuer="https://id.example", subject="7", username="lea")
    lea = sso_sign_in(claims=SsoClaims(**{**claims.__dict__, "groups": ("annotators", "leads")}))
    assert Membership.objects.get(project=project, user=lea).role == Role.MANAGER

    # Given lea became the project's only manager, when her groups go, she stays its manager
    Membership.objects.filter(project=project, user=owner).delete()
    sso_sign_in(claims=claims)
    assert Membership.objects.get(project=project, user=lea).role == Role.MANAGER
    assert OidcIdentity.objects.get(user=lea).grants == {str(project.pk): "manager"}
