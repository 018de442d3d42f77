"""Sign-up from an invitation link: the account (accounts) and the membership (projects) in one
transaction, so a failed password check leaves the invitation open and no account behind."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from labelplatform.accounts.services import user_create
from labelplatform.accounts.verification import verified_mark
from labelplatform.projects.invitations import invitation_accept_as, invitation_of_token
from labelplatform.projects.models import Membership


@dataclass(frozen=True)
class SignedUp:
    user: User
    membership: Membership


@transaction.atomic
def signup_with_invitation(*, token: str, username: str, password: str, email: str = "") -> SignedUp:
    """An e-mail invitation gives the account its address, verified: its link was mailed there, so
    holding it proves the address (issue 14). A link for a user name takes the typed address,
    unverified: anyone holding such a link may type anyone's address."""
    invitation = invitation_of_token(token, lock=True)
    user = user_create(username=username, email=invitation.email or email, password=password)
    if invitation.email:
        verified_mark(user)
    return SignedUp(user=user, membership=invitation_accept_as(invitation=invitation, user=user))
