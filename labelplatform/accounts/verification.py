"""Verified e-mail addresses (issue 14, invitation hijack): anyone may type any address at sign-up,
so an address counts for invitations only once its owner has shown they read its mail.

Proofs: a click on an e-mailed link (a TimestampSigner token over the user and the address, which
expires after EMAIL_VERIFY_TIMEOUT and stops working once the address changes); a password link
(Django's reset token also covers the address); a sign-up from an invitation link that was e-mailed
to that address (flows/signup.py). Addresses made or changed by staff, and those of accounts that
existed before this check, start unverified: nothing records who typed them.
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from rest_framework.exceptions import ValidationError

from labelplatform.accounts.models import VerifiedEmail

SALT = "labelplatform.accounts.verification"
BAD_LINK = "this link is invalid or has expired, or the address has changed since: ask for a new one"


def _address(user: User) -> str:
    return (user.email or "").strip().lower()


def verified_address(user: User) -> str:
    """The user's address if it is verified, else ""."""
    address = _address(user)
    if not address or not VerifiedEmail.objects.filter(user_id=user.pk, email=address).exists():
        return ""
    return address


def verified_mark(user: User) -> None:
    """The user's current address is proved."""
    if _address(user):
        VerifiedEmail.objects.update_or_create(user=user, defaults={"email": _address(user)})


def verified_forget(user: User) -> None:
    """The address changed: the proof of the old one no longer counts, even if it comes back."""
    VerifiedEmail.objects.filter(user_id=user.pk).delete()


def verification_link(*, user: User, site: str) -> str:
    token = signing.TimestampSigner(salt=SALT).sign_object({"u": user.pk, "e": _address(user)})
    return f"{site.rstrip('/')}/verify-email?token={token}"


def verification_send(*, user: User, site: str) -> None:
    """E-mail `user` a link that verifies their address (after the transaction commits); 400 when
    there is no address or it is verified already."""
    if not _address(user):
        raise ValidationError({"detail": "your account has no e-mail address; ask staff to set one"})
    if verified_address(user):
        raise ValidationError({"detail": "this address is verified already"})
    link, address = verification_link(user=user, site=site), _address(user)
    text = (f"Someone asked to verify this address for the labelplatform account \"{user.username}\".\n"
            f"If it was you, open this link; if not, ignore this e-mail:\n{link}\n")
    transaction.on_commit(lambda: send_mail(subject="Verify your labelplatform e-mail address", message=text,
                                            from_email=None, recipient_list=[address]))


@transaction.atomic
def verification_confirm(*, token: str) -> User:
    """Mark the address a link was sent to as verified, if it is still the account's address."""
    try:
        claim = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=settings.EMAIL_VERIFY_TIMEOUT)
        user = User.objects.filter(pk=int(claim["u"]), is_active=True).first()
        address = str(claim["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ValidationError({"detail": BAD_LINK}) from None
    if user is None or not address or _address(user) != address:
        raise ValidationError({"detail": BAD_LINK})
    verified_mark(user)
    return user
