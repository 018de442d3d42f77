"""Single sign-on with OpenID Connect: which account a provider's user signs in to, and the project roles
and staff status their groups give (settings OIDC_*, docs/configuration.md).

The account is the one the provider's subject (issuer + `sub`) signed in to before. A first login
links to an existing account only when both sides proved the address: the provider says
`email_verified` and the account's address is verified here (accounts.VerifiedEmail, issue 14).
Anything less would let whoever controls one side take over the other: a provider account with an
unproved address, or a local account made with someone else's address waiting for its owner's first
single sign-on. Such a login is refused, not turned into a second account with the same address;
with no account holding the address a new one is made (unless OIDC_CREATE_USER is off). A
deactivated account is refused.

Groups (OIDC_GROUP_ROLES) give project roles, the highest where several groups name one project.
The roles single sign-on gave are remembered on the identity, so a later login without the group
takes them back; a membership a manager made, or whose role a manager changed since, is left alone.
"""

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from rest_framework.exceptions import ValidationError

from labelplatform.accounts.models import OidcIdentity
from labelplatform.accounts.services import user_create
from labelplatform.accounts.verification import verified_address, verified_mark
from labelplatform.projects.models import Membership, Project, Role
from labelplatform.projects.services import member_remove, member_set

logger = logging.getLogger(__name__)

RANK = {Role.VIEWER: 0, Role.LABELER: 1, Role.REVIEWER: 2, Role.MANAGER: 3}
USERNAME_TRIES = 100


@dataclass(frozen=True)
class SsoClaims:
    issuer: str
    subject: str
    email: str = ""
    email_verified: bool = False
    username: str = ""  # preferred_username: a wish for a new account's name
    groups: tuple[str, ...] = ()


class SsoRefused(Exception):
    """A login the provider vouched for that this site turns away; `code` tells the login page why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _free_username(claims: SsoClaims) -> str:
    """The provider's user name, else the address's local part, made valid and unique."""
    wish = claims.username or claims.email.partition("@")[0] or "user"
    base = re.sub(r"[^\w.@+-]", "", wish)[:140] or "user"
    for n in range(1, USERNAME_TRIES + 1):
        name = base if n == 1 else f"{base}-{n}"
        if not User.objects.filter(username__iexact=name).exists():
            return name
    return f"{base}-{claims.subject[-8:]}"


def _account_for(claims: SsoClaims) -> User:
    """The account a first login of this subject goes to: linked by an address proved on both sides,
    or new."""
    email = claims.email.strip().lower()
    holders = list(User.objects.filter(email__iexact=email)) if email else []
    if holders:
        proved = [user for user in holders if claims.email_verified and verified_address(user) == email]
        if len(proved) != 1:
            raise SsoRefused("email_in_use", f"an account already has the address {email}, unproved on one side")
        return proved[0]
    if not settings.OIDC_CREATE_USER:
        raise SsoRefused("no_account", "no account for this login and OIDC_CREATE_USER is off")
    user = user_create(username=_free_username(claims), email=email)
    if email and claims.email_verified:
        verified_mark(user)
    return user


def _email_update(user: User, claims: SsoClaims) -> None:
    """A verified address from the provider becomes the account's, unless another account has it."""
    email = claims.email.strip().lower()
    if not email or not claims.email_verified:
        return
    if email != user.email:
        if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            return
        user.email = email
        user.save(update_fields=["email"])
    verified_mark(user)


def _staff_sync(user: User, groups: tuple[str, ...]) -> None:
    """With OIDC_STAFF_GROUPS set, staff is whoever is in one of them (a superuser keeps it)."""
    if not settings.OIDC_STAFF_GROUPS or user.is_superuser:
        return
    staff = any(group in settings.OIDC_STAFF_GROUPS for group in groups)
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


def _wanted_roles(groups: tuple[str, ...]) -> dict[int, str]:
    wanted: dict[int, str] = {}
    for group in groups:
        for grant in settings.OIDC_GROUP_ROLES.get(group, []):
            project, role = grant["project"], Role(grant["role"])
            if project not in wanted or RANK[role] > RANK[Role(wanted[project])]:
                wanted[project] = role
    return wanted


def _roles_sync(user: User, groups: tuple[str, ...], given: dict[str, str]) -> dict[str, str]:
    """Memberships as the groups say; answers what single sign-on now gives, {project id: role}."""
    wanted = _wanted_roles(groups)
    projects = Project.objects.in_bulk(list(wanted))
    current = {m.project_id: m for m in Membership.objects.filter(user=user).select_related("project")}
    grants: dict[str, str] = {}
    for project_id, role in wanted.items():
        if project_id not in projects:
            logger.warning("OIDC_GROUP_ROLES names project %s, which does not exist", project_id)
            continue
        membership = current.get(project_id)
        if membership is None or membership.role == given.get(str(project_id)):  # ours to set
            member_set(project=projects[project_id], user=user, role=role)
            grants[str(project_id)] = role
    for key, role in given.items():
        membership = current.get(int(key))
        if key in grants or membership is None or membership.role != role:
            continue
        try:
            member_remove(project=membership.project, user=user)
        except ValidationError:  # the project's last manager stays one
            grants[key] = role
    return grants


@transaction.atomic
def sso_sign_in(*, claims: SsoClaims) -> User:
    """The account this login signs in to, brought up to date with the provider's claims."""
    identity = (OidcIdentity.objects.select_for_update().select_related("user")
                .filter(issuer=claims.issuer, subject=claims.subject).first())
    if identity is None:
        identity = OidcIdentity(user=_account_for(claims), issuer=claims.issuer, subject=claims.subject)
    user = identity.user
    if not user.is_active:
        raise SsoRefused("inactive", f"the account {user.username} is deactivated")
    _email_update(user, claims)
    _staff_sync(user, claims.groups)
    identity.grants = _roles_sync(user, claims.groups, identity.grants or {})
    identity.save()
    return user
